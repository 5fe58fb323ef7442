fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut sources = mentor::source::Sources::new();
    let id = sources.add(path.clone(), text.clone());
    let mut d = mentor::diagnostic::Diagnostics::new();
    let file = mentor::syntax::parse(id, &text, &mut d);
    println!("items {} comments {}", file.items.len(), file.comments.len());
    for x in d.iter() { let lc = sources.line_column(x.primary.span); println!("{}:{}: {} {} [{:?}] help={:?}", lc.line, lc.column, x.rule.code, x.message, x.primary.text, x.help); for l in &x.secondary { println!("   also {:?} {:?}", sources.line_column(l.span), l.text);} }
}
