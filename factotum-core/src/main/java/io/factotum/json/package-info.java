/**
 * JSON as Factotum's Rust libraries read and write it: a strict reader reproducing rustc-serialize
 * 0.3's accepted syntax and error positions ({@link io.factotum.json.RustcJsonReader}), compact
 * writers in rustc-serialize's and serde_json 0.9's dialects, and a small JSON-schema validator
 * worded like valico. Trees are Gson {@link com.google.gson.JsonElement}s.
 */
package io.factotum.json;
