package io.factotum.json;

/**
 * A JSON syntax error at a 1-based line and column, positioned exactly where rustc-serialize
 * reports it. {@link #getMessage()} is {@code <reason> at line <L>, column <C>}.
 */
public final class JsonParseException extends Exception {
    private final JsonErrorCode code;
    private final int line;
    private final int column;

    public JsonParseException(JsonErrorCode code, int line, int column) {
        super(code.text() + " at line " + line + ", column " + column);
        this.code = code;
        this.line = line;
        this.column = column;
    }

    public JsonErrorCode code() {
        return code;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
