package dev.parapet.source;

import java.util.Optional;
import java.util.Set;

/**
 * A scalar with the type Kubernetes would give it.
 *
 * <p>Kubernetes reads YAML through sigs.k8s.io/yaml, which resolves plain scalars by the YAML 1.1
 * rules of go-yaml v2: {@code yes}, {@code on} and {@code y} are booleans there, and a scanner that
 * reads them as strings would miss {@code privileged: yes}. Quoted and block scalars are always
 * strings.
 */
public final class ScalarNode extends Node {
  /** The resolved type of a scalar. */
  public enum Type {
    NULL,
    BOOL,
    INT,
    FLOAT,
    STRING
  }

  private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
  private static final Set<String> TRUES =
      Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");
  private static final Set<String> FALSES =
      Set.of("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF");

  private final String value;
  private final Type type;

  ScalarNode(int line, int column, String value, Type type) {
    super(line, column);
    this.value = value;
    this.type = type;
  }

  /** Resolves a plain (unquoted, untagged) scalar. */
  static Type resolvePlain(String v) {
    if (v.length() > 5) {
      return looksNumeric(v) ? numberType(v) : Type.STRING;
    }
    if (NULLS.contains(v)) {
      return Type.NULL;
    }
    if (TRUES.contains(v) || FALSES.contains(v)) {
      return Type.BOOL;
    }
    return looksNumeric(v) ? numberType(v) : Type.STRING;
  }

  /** Resolves an explicitly tagged scalar such as {@code !!str 1} or {@code !!bool yes}. */
  static Type resolveTagged(String tag, String v) {
    return switch (tag) {
      case "tag:yaml.org,2002:str" -> Type.STRING;
      case "tag:yaml.org,2002:null" -> Type.NULL;
      case "tag:yaml.org,2002:bool" ->
          TRUES.contains(v) || FALSES.contains(v) ? Type.BOOL : Type.STRING;
      case "tag:yaml.org,2002:int" -> numberType(v) == Type.INT ? Type.INT : Type.STRING;
      case "tag:yaml.org,2002:float" -> looksNumeric(v) ? Type.FLOAT : Type.STRING;
      default -> resolvePlain(v);
    };
  }

  private static boolean looksNumeric(String v) {
    char c = v.charAt(0);
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
  }

  private static Type numberType(String v) {
    if (parseLong(v) != null) {
      return Type.INT;
    }
    String s = v.indexOf('_') < 0 ? v : v.replace("_", "");
    if (s.equals(".inf") || s.equals("-.inf") || s.equals("+.inf") || s.equals(".nan")) {
      return Type.FLOAT;
    }
    return isDecimalFloat(s) ? Type.FLOAT : Type.STRING;
  }

  /**
   * Decimal float syntax: sign, digits, optional fraction, optional exponent, at least one digit
   * before the exponent. Checked by hand: most scalars that start with a digit are not numbers
   * (uids, dates, image tags), and a failed parse throws, which is slow on a large dump.
   */
  private static boolean isDecimalFloat(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        i++;
      }
      int exp = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        exp++;
      }
      if (exp == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Integer syntax of go-yaml v2: decimal, 0x hex, 0b binary, leading-0 octal, underscores. */
  private static Long parseLong(String v) {
    String s = v.indexOf('_') < 0 ? v : v.replace("_", "");
    boolean neg = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.isEmpty()) {
      return null;
    }
    int radix = 10;
    if (s.startsWith("0x") || s.startsWith("0X")) {
      radix = 16;
      s = s.substring(2);
    } else if (s.startsWith("0b")) {
      radix = 2;
      s = s.substring(2);
    } else if (s.length() > 1 && s.charAt(0) == '0') {
      radix = 8;
      s = s.substring(1);
    }
    if (s.isEmpty() || s.length() > 64) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), radix) < 0) {
        return null;
      }
    }
    try {
      long n = Long.parseLong(s, radix);
      return neg ? -n : n;
    } catch (NumberFormatException e) {
      return null; // out of range
    }
  }

  /** The scalar's text as written (after YAML unescaping). */
  public String value() {
    return value;
  }

  public Type type() {
    return type;
  }

  public boolean isNull() {
    return type == Type.NULL;
  }

  public Optional<Boolean> asBoolean() {
    if (type != Type.BOOL) {
      return Optional.empty();
    }
    return Optional.of(TRUES.contains(value));
  }

  public Optional<Long> asLong() {
    if (type != Type.INT) {
      return Optional.empty();
    }
    return Optional.ofNullable(parseLong(value));
  }

  /** True for a boolean true. */
  public boolean isTrue() {
    return type == Type.BOOL && TRUES.contains(value);
  }

  @Override
  String childToken(Node child) {
    throw new IllegalStateException("a scalar has no children");
  }

  @Override
  Node copy() {
    return new ScalarNode(line(), column(), value, type);
  }

  @Override
  public int size() {
    return 1;
  }

  @Override
  public String toString() {
    return value;
  }
}
