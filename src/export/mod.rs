//! Exports: the linked [`Edition`](crate::link::Edition) written in a standard form, so
//! that an edition can leave letopis (stage 4 beside render; it reads the model after
//! link and never parses Markdown again).

pub mod tei;
