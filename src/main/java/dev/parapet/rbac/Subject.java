package dev.parapet.rbac;

import dev.parapet.model.Location;

/**
 * A subject of a binding.
 *
 * @param namespace for a ServiceAccount, as written (may be empty); empty for the other kinds
 * @param location where the subject is written
 */
public record Subject(Kind kind, String name, String namespace, Location location) {
  /** The subject kinds the authorizer knows; anything else never matches. */
  public enum Kind {
    USER("User"),
    GROUP("Group"),
    SERVICE_ACCOUNT("ServiceAccount"),
    UNKNOWN("");

    private final String written;

    Kind(String written) {
      this.written = written;
    }

    public String written() {
      return written;
    }

    static Kind parse(String s) {
      for (Kind k : values()) {
        if (k != UNKNOWN && k.written.equals(s)) {
          return k;
        }
      }
      return UNKNOWN;
    }
  }

  public Subject {
    namespace = namespace == null ? "" : namespace;
  }

  public static Subject user(String name) {
    return new Subject(Kind.USER, name, "", null);
  }

  public static Subject group(String name) {
    return new Subject(Kind.GROUP, name, "", null);
  }

  public static Subject serviceAccount(String namespace, String name) {
    return new Subject(Kind.SERVICE_ACCOUNT, name, namespace, null);
  }

  /** The same subject without its location, for comparing and grouping. */
  public Subject key() {
    return location == null ? this : new Subject(kind, name, namespace, null);
  }

  @Override
  public String toString() {
    return kind == Kind.SERVICE_ACCOUNT
        ? "ServiceAccount " + namespace + "/" + name
        : kind.written() + " " + name;
  }
}
