package dev.parapet.bench;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a condition judges a setting.
 *
 * <p>{@code has}, {@code nothas} and {@code subset} read the value as a comma-separated list and
 * compare whole elements: {@code has Node} is false for {@code NodeRestriction}. kube-bench
 * compares substrings there, which mistakes one plugin or mode for another whose name contains it;
 * Kubernetes itself splits these flags on commas.
 */
public enum Op {
  /** The setting is written, whatever its value. */
  PRESENT("present", false),
  /** The setting is not written. */
  ABSENT("absent", false),
  EQ("eq", true),
  NOTEQ("noteq", true),
  /** One element of the comma-separated list equals the value. */
  HAS("has", true),
  /** No element of the comma-separated list equals the value. */
  NOTHAS("nothas", true),
  /** Every element of the comma-separated list is one of the value's elements. */
  SUBSET("subset", true),
  /** An integer at least the value. */
  GTE("gte", true),
  /** An integer at most the value. */
  LTE("lte", true),
  /** The whole value matches the Java regular expression. */
  REGEX("regex", true),
  /** A file's permission bits: none outside the octal value ({@code 600}). */
  MODE_AT_MOST("mode-at-most", true),
  /** A file's owner and group, {@code root:root}. */
  OWNER("owner", true);

  private final String yaml;
  private final boolean needsValue;

  Op(String yaml, boolean needsValue) {
    this.yaml = yaml;
    this.needsValue = needsValue;
  }

  /** The name written in the definitions. */
  public String yaml() {
    return yaml;
  }

  public boolean needsValue() {
    return needsValue;
  }

  public static Optional<Op> parse(String s) {
    return Arrays.stream(values()).filter(o -> o.yaml.equals(s)).findFirst();
  }

  /** The accepted names, for error messages. */
  public static String names() {
    return Arrays.stream(values()).map(Op::yaml).collect(Collectors.joining(", "));
  }
}
