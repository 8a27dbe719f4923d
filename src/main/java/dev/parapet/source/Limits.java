package dev.parapet.source;

/**
 * Bounds on untrusted input, so that a hostile file costs a clear error rather than the heap or the
 * stack.
 *
 * @param maxFileBytes largest file read
 * @param maxDocumentBytes largest single YAML document (a {@code kubectl get -A -o yaml} dump is
 *     one document, so this is generous)
 * @param maxDepth deepest nesting of maps and sequences
 * @param maxAliasNodes nodes a document may add through alias expansion (billion laughs)
 */
public record Limits(long maxFileBytes, long maxDocumentBytes, int maxDepth, int maxAliasNodes) {
  public static final Limits DEFAULT = new Limits(1L << 30, 768L << 20, 200, 100_000);

  public Limits {
    if (maxFileBytes <= 0 || maxDocumentBytes <= 0 || maxDepth <= 0 || maxAliasNodes < 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
