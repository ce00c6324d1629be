package io.factotum.factfile;

/**
 * A mustache template that cannot be compiled or rendered. rust-mustache panics in these cases
 * (Factotum exits 101); we report them instead (ruling 1). The message is the bare description, e.g.
 * {@code unclosed tag}; the parser wraps it as {@code Error rendering template: <description>}.
 */
public final class TemplateException extends Exception {
    public TemplateException(String description) {
        super(description);
    }
}
