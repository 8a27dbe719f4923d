package dev.parapet.check;

import java.util.List;

/**
 * A mechanical fix as an RFC 6902 JSON Patch against the object's document.
 *
 * @param description what applying it does, in one sentence
 * @param operations the patch
 */
public record Fix(String description, List<Op> operations) {
  public Fix {
    operations = List.copyOf(operations);
  }

  /**
   * One JSON Patch operation. {@code value} is a String, Boolean, Long, List or Map (null for
   * remove).
   */
  public record Op(String op, String path, Object value) {
    public static Op add(String path, Object value) {
      return new Op("add", path, value);
    }

    public static Op replace(String path, Object value) {
      return new Op("replace", path, value);
    }

    public static Op remove(String path) {
      return new Op("remove", path, null);
    }
  }

  public static Fix of(String description, Op... ops) {
    return new Fix(description, List.of(ops));
  }
}
