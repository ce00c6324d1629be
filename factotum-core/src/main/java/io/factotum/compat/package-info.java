/** How the original Rust tools render things that our messages must reproduce byte for byte. */
package io.factotum.compat;
