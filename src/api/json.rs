//! JSON request bodies, read so that what does not fit says where: a body that is not JSON is a
//! 400, a value of the wrong type a 422 naming its field (`categories[0].quota`), both in the
//! API's JSON error shape. Rocket's own `Json` guard hands its catcher no detail, so every API
//! handler that takes a body takes it as [`Body`].

use rocket::{
    Request,
    data::{self, ByteUnit, Data, FromData, ToByteUnit},
    serde::DeserializeOwned,
};

use crate::error::{AppError, FieldErrors};

/// Catalogue keys of the refusals this guard makes.
pub const MESSAGE_KEYS: [&str; 2] = ["error-json-syntax", "error-json-type"];

/// The largest JSON body an API call takes, unless `limits.json` in Rocket.toml says more.
const DEFAULT_LIMIT_MIB: u64 = 1;

/// A JSON body, or why it could not be read; `into_inner()?` in the handler answers the latter.
pub struct Body<T>(Result<T, AppError>);

impl<T> Body<T> {
    /// The value, or the refusal that answers the request.
    ///
    /// # Errors
    /// [`AppError::BadRequest`] for a body that is not JSON; [`AppError::Invalid`] naming the
    /// field whose value has the wrong type; [`AppError::TooLarge`] past the limit.
    pub fn into_inner(self) -> Result<T, AppError> {
        self.0
    }
}

/// Reads `bytes` as a `T`, naming the field that does not fit.
///
/// # Errors
/// As [`Body::into_inner`].
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        if error.inner().classify() != serde_json::error::Category::Data {
            return AppError::BadRequest("error-json-syntax");
        }
        let path = error.path().to_string();
        let mut fields = FieldErrors::default();
        // A required field left out is named, where it should have been, as required.
        let message = error.inner().to_string();
        if let Some(missing) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            let field = if path == "." {
                missing.to_owned()
            } else {
                format!("{path}.{missing}")
            };
            fields.add(&field, "error-required");
            return AppError::Invalid(fields);
        }
        // The whole body has the wrong shape (an array for an object …): `.` says so.
        fields.add(if path == "." { "body" } else { &path }, "error-json-type");
        AppError::Invalid(fields)
    })?;
    deserializer
        .end()
        .map_err(|_| AppError::BadRequest("error-json-syntax"))?;
    Ok(value)
}

#[rocket::async_trait]
impl<'r, T: DeserializeOwned> FromData<'r> for Body<T> {
    type Error = std::convert::Infallible;

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        let limit = req
            .limits()
            .get("json")
            .unwrap_or_else(|| DEFAULT_LIMIT_MIB.mebibytes());
        data::Outcome::Success(Body(read(data, limit).await))
    }
}

/// Reads a JSON body of at most `limit` bytes as a `T`, for a route whose body may be larger
/// than `limits.json` (one carrying a file).
///
/// # Errors
/// As [`Body::into_inner`].
pub async fn read<T: DeserializeOwned>(data: Data<'_>, limit: ByteUnit) -> Result<T, AppError> {
    match data.open(limit).into_bytes().await {
        Ok(bytes) if bytes.is_complete() => parse(&bytes.into_inner()),
        Ok(_) => Err(AppError::TooLarge),
        Err(_) => Err(AppError::BadRequest("error-bad-request")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Row {
        #[allow(dead_code)]
        quota: i32,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Outer {
        #[allow(dead_code)]
        rows: Vec<Row>,
    }

    fn field_of(error: AppError) -> Option<(String, &'static str)> {
        match error {
            AppError::Invalid(fields) => fields.0.first().map(|f| (f.field.clone(), f.key)),
            _ => None,
        }
    }

    #[derive(Debug, serde::Deserialize)]
    struct Versioned {
        #[allow(dead_code)]
        version: i32,
    }

    #[test]
    fn a_missing_field_is_named_as_required_where_it_belongs() {
        let error = parse::<Versioned>(br#"{"note": "x"}"#).unwrap_err();
        assert_eq!(
            field_of(error),
            Some(("version".to_owned(), "error-required"))
        );
        let error = parse::<Outer>(br#"{"rows": [{"quota": 1}, {}]}"#).unwrap_err();
        assert_eq!(
            field_of(error),
            Some(("rows[1].quota".to_owned(), "error-required"))
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_is_named_by_its_path() {
        let error = parse::<Outer>(br#"{"rows": [{"quota": 1}, {"quota": "x"}]}"#).unwrap_err();
        assert_eq!(
            field_of(error),
            Some(("rows[1].quota".to_owned(), "error-json-type"))
        );
    }

    #[test]
    fn a_body_that_is_not_json_is_a_bad_request() {
        for body in [
            &b"{\"rows\": ["[..],
            b"not json",
            b"",
            b"{\"rows\": []} trailing",
        ] {
            assert!(
                matches!(
                    parse::<Outer>(body),
                    Err(AppError::BadRequest("error-json-syntax"))
                ),
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn a_body_of_the_wrong_shape_is_named_as_the_body() {
        assert_eq!(
            field_of(parse::<Outer>(br#""text""#).unwrap_err()),
            Some(("body".to_owned(), "error-json-type"))
        );
    }

    #[test]
    fn a_fitting_body_is_read() {
        let outer = parse::<Outer>(br#"{"rows": [{"quota": 3}]}"#).expect("fits");
        assert_eq!(outer.rows.len(), 1);
    }
}
