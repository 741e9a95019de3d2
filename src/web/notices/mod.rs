//! The public notice, its objections and the final list (the domain's `notices`), in two
//! halves: the office's desk, mounted under `/publicity` ([`office`]), and what everyone reads
//! and files without signing in ([`readers`]): the published pages, feeds, certificates and
//! the objection form.

pub mod office;
pub mod readers;

pub use readers::PageCache;
