package bsc.ir;

/**
 * The one exception for failures the user can act on: bad input, unsupported constructs, impossible
 * targets. It names where (a file, a node, a layer) and what went wrong; the CLI prints it as
 * {@code bsc: error: <where>: <what>} and exits with code 2. Anything else escaping is a bug.
 */
public final class BscException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String where;
  private final String what;

  public BscException(String where, String what) {
    super(where == null || where.isEmpty() ? what : where + ": " + what);
    this.where = where == null ? "" : where;
    this.what = what;
  }

  public BscException(String where, String what, Throwable cause) {
    this(where, what);
    initCause(cause);
  }

  public String where() {
    return where;
  }

  public String what() {
    return what;
  }

  /** The same failure, located more precisely: {@code outer} is prefixed to the current location. */
  public BscException within(String outer) {
    String w = where.isEmpty() ? outer : outer + ": " + where;
    BscException e = new BscException(w, what);
    e.initCause(getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }
}
