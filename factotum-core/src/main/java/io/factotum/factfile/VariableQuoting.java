package io.factotum.factfile;

/**
 * How variable values are substituted into task arguments, which Factotum wraps in double quotes
 * for {@code sh -c} (CLI spec 4.4). Ruling 10: values that arrive with a server request are data;
 * the CLI's user already has a shell and keeps Factotum's behaviour.
 */
public enum VariableQuoting {
    /** Values are inserted as given: {@code $(...)}, backticks and {@code "} in them stay live (Factotum). */
    AS_GIVEN,
    /**
     * {@code $}, backtick, {@code \} and {@code "} inside each substituted value are escaped with a
     * backslash, the four characters that stay live inside double quotes; the factfile's own template
     * text (e.g. a {@code $HOME} written in it) is left as written.
     */
    ESCAPED;

    /** Applies this quoting to one substituted value. */
    public String apply(String value) {
        return this == AS_GIVEN ? value : escapeForDoubleQuotes(value);
    }

    /** Backslash-escapes {@code $ ` \ "}, so that the value reads literally inside {@code "..."} in sh. */
    public static String escapeForDoubleQuotes(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '$' || c == '`' || c == '\\' || c == '"') {
                if (out == null) {
                    out = new StringBuilder(value.length() + 8).append(value, 0, i);
                }
                out.append('\\');
            }
            if (out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }
}
