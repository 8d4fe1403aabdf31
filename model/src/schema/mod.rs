//! placeholder until the schema module lands
