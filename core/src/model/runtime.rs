use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! runtimes {
    ($( $(#[$doc:meta])* $variant:ident => $id:literal ),+ $(,)?) => {
        /// A function runtime, named neutrally.
        ///
        /// Each provider maps these to its own strings (FC `nodejs14`, FunctionGraph `Node.js14.18`); a runtime
        /// a provider does not offer is rejected before sending, naming the runtime. [`Runtime::Other`] carries
        /// a provider's own string verbatim for runtimes cloudfn does not know yet.
        ///
        /// ```
        /// use cloudfn_core::Runtime;
        ///
        /// assert_eq!("python3.9".parse::<Runtime>().unwrap(), Runtime::Python39);
        /// assert_eq!(Runtime::Nodejs14.to_string(), "nodejs14");
        /// // Unknown strings are kept, never guessed.
        /// assert_eq!("rust1".parse::<Runtime>().unwrap(), Runtime::Other("rust1".into()));
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Runtime {
            $( $(#[$doc])* $variant, )+
            /// A runtime string cloudfn does not model, passed to the provider as is.
            ///
            /// Construct it through `parse`/`Runtime::from` so that a known id is never wrapped here.
            Other(String),
        }

        impl Runtime {
            /// Every runtime cloudfn models (without `Other`).
            pub const KNOWN: &'static [Runtime] = &[ $( Runtime::$variant, )+ ];

            /// The canonical neutral id (`nodejs14`, `python3.9`, `java11`, `custom-container`...).
            pub fn id(&self) -> &str {
                match self {
                    $( Runtime::$variant => $id, )+
                    Runtime::Other(s) => s,
                }
            }
        }

        impl From<&str> for Runtime {
            fn from(s: &str) -> Runtime {
                match s {
                    $( $id => Runtime::$variant, )+
                    other => Runtime::Other(other.to_owned()),
                }
            }
        }
    };
}

runtimes! {
    /// Node.js 6.
    Nodejs6 => "nodejs6",
    /// Node.js 8.
    Nodejs8 => "nodejs8",
    /// Node.js 10.
    Nodejs10 => "nodejs10",
    /// Node.js 12.
    Nodejs12 => "nodejs12",
    /// Node.js 14.
    Nodejs14 => "nodejs14",
    /// Node.js 16.
    Nodejs16 => "nodejs16",
    /// Node.js 18.
    Nodejs18 => "nodejs18",
    /// Python 2.7.
    Python27 => "python2.7",
    /// Python 3.6 (FC's `python3`).
    Python36 => "python3.6",
    /// Python 3.7.
    Python37 => "python3.7",
    /// Python 3.8.
    Python38 => "python3.8",
    /// Python 3.9.
    Python39 => "python3.9",
    /// Python 3.10.
    Python310 => "python3.10",
    /// Java 8.
    Java8 => "java8",
    /// Java 11.
    Java11 => "java11",
    /// Java 17.
    Java17 => "java17",
    /// Go 1.x.
    Go1 => "go1",
    /// PHP 7.2.
    Php72 => "php7.2",
    /// PHP 7.3.
    Php73 => "php7.3",
    /// .NET Core 2.0.
    Dotnetcore20 => "dotnetcore2.0",
    /// .NET Core 2.1.
    Dotnetcore21 => "dotnetcore2.1",
    /// .NET Core 3.1.
    Dotnetcore31 => "dotnetcore3.1",
    /// A custom runtime (your own bootstrap serving HTTP).
    Custom => "custom",
    /// A custom container image.
    CustomContainer => "custom-container",
}

impl From<String> for Runtime {
    fn from(s: String) -> Runtime {
        Runtime::from(s.as_str())
    }
}

impl FromStr for Runtime {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Runtime::from(s))
    }
}

impl fmt::Display for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Runtime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Runtime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Runtime::from(String::deserialize(d)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_id_round_trips() {
        for r in Runtime::KNOWN {
            assert_eq!(&Runtime::from(r.id()), r);
            let json = serde_json::to_string(r).unwrap();
            assert_eq!(&serde_json::from_str::<Runtime>(&json).unwrap(), r);
        }
    }

    #[test]
    fn other_keeps_the_string() {
        let r: Runtime = serde_json::from_str("\"Node.js14.18\"").unwrap();
        assert_eq!(r, Runtime::Other("Node.js14.18".into()));
        assert_eq!(r.to_string(), "Node.js14.18");
    }
}
