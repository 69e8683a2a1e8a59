//! Serde helpers shared by the neutral model: durations as seconds, bytes as base64.

/// `Option<Duration>` as a number of seconds (an integer when whole, else a float).
pub(crate) mod opt_duration_secs {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    #[allow(clippy::ref_option)]
    pub(crate) fn serialize<S: Serializer>(v: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            None => s.serialize_none(),
            Some(d) if d.subsec_nanos() == 0 => s.serialize_u64(d.as_secs()),
            Some(d) => s.serialize_f64(d.as_secs_f64()),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Duration>, D::Error> {
        let v: Option<f64> = Option::deserialize(d)?;
        v.map(|secs| {
            Duration::try_from_secs_f64(secs).map_err(|_| {
                serde::de::Error::custom(format!(
                    "a duration must be a finite, non-negative number of seconds, got {secs}"
                ))
            })
        })
        .transpose()
    }
}

/// `Duration` as a number of seconds.
pub(crate) mod duration_secs {
    use serde::{Deserializer, Serializer};
    use std::time::Duration;

    pub(crate) fn serialize<S: Serializer>(v: &Duration, s: S) -> Result<S::Ok, S::Error> {
        super::opt_duration_secs::serialize(&Some(*v), s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        super::opt_duration_secs::deserialize(d)?
            .ok_or_else(|| serde::de::Error::custom("a duration is required"))
    }
}

/// `Bytes` as a base64 string.
pub(crate) mod base64_bytes {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use bytes::Bytes;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(v: &Bytes, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(v))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Bytes, D::Error> {
        let s = String::deserialize(d)?;
        STANDARD
            .decode(s.as_bytes())
            .map(Bytes::from)
            .map_err(|e| serde::de::Error::custom(format!("invalid base64: {e}")))
    }
}
