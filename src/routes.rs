//! The screens, one a file.

pub(crate) mod hall;
