//! The quarterly CICA Digest, "Voice of Asia", built from the records.
//!
//! [`edition`] turns a quarter's records into an [`Edition`] (pure data in the magazine's
//! structure); [`html::render`] writes the web edition from it and [`Typesetter::print`] the
//! print edition (PDF, typeset by Typst with fonts compiled into the binary). [`collect`] reads
//! the records of a quarter from a [`cica_store::Store`].

mod collect;
mod edition;
pub mod html;
mod markdown;
pub mod rich;
mod typeset;
pub mod typography;

pub use collect::{CollectError, collect};
pub use edition::{
    Article, BackPage, Brief, Calendar, CalendarLine, ContentsEntry, DigestError, Edition,
    Foreword, Month, PrintedPhoto, Records, Social, edition,
};
pub use markdown::markdown;
pub use typeset::{LAYOUT, Printed, Typesetter, data_json};
