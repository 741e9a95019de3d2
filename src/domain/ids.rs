//! Typed ids. A malformed id in a URL never reaches a handler: the route does not match, and
//! the request ends in a 404 like any unknown record.

use rocket::{
    form::{self, FromFormField, ValueField},
    request::FromParam,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered (v7) id.
            #[must_use]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl<'a> FromParam<'a> for $name {
            type Error = uuid::Error;

            fn from_param(param: &'a str) -> Result<Self, Self::Error> {
                Uuid::try_parse(param).map(Self)
            }
        }

        impl<'v> FromFormField<'v> for $name {
            fn from_value(field: ValueField<'v>) -> form::Result<'v, Self> {
                Uuid::try_parse(field.value)
                    .map(Self)
                    .map_err(|_| form::Error::validation("error-invalid").into())
            }
        }
    )*};
}

id_type! {
    /// An administrative unit.
    UnitId;
    /// A user.
    UserId;
    /// A campaign.
    CampaignId;
    /// A category of a campaign.
    CategoryId;
    /// A nomination.
    NominationId;
    /// An attachment of a nomination.
    AttachmentId;
    /// An API token.
    TokenId;
    /// An evaluation panel.
    PanelId;
    /// A reviewer's assignment to a nomination.
    AssignmentId;
    /// A reviewer's score sheet.
    SheetId;
    /// A notice or final list.
    DocumentId;
    /// An objection to a nominee on notice.
    ObjectionId;
    /// A confirmed honor.
    HonoreeId;
}
