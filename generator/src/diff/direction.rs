//! Which way a model travels: sent in requests, received in responses, or
//! both, as the description records it. A change can break one side and not
//! the other: a required field added to a model the client only receives
//! costs callers nothing, while one added to a model they send must now be
//! filled in.

use crate::description::format::Model;

/// Which way a model travels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Direction {
    /// Callers build it: it is part of a request.
    pub sent: bool,
    /// Callers read it: it is part of a response.
    pub received: bool,
}

impl Direction {
    /// Both ways: what a model no operation uses counts as, since callers
    /// may build or read it themselves.
    pub const BOTH: Direction = Direction { sent: true, received: true };

    /// The way `model` travels.
    pub fn of(model: &Model) -> Direction {
        let direction = Direction { sent: model.sent, received: model.received };
        if direction == Direction::default() {
            Direction::BOTH
        } else {
            direction
        }
    }

    /// Either way, `self` or `other`: for a model whose uses changed.
    pub fn or(self, other: Direction) -> Direction {
        Direction { sent: self.sent || other.sent, received: self.received || other.received }
    }
}
