//! `mentor match`: pairing mentees with mentors.

pub mod assign;
