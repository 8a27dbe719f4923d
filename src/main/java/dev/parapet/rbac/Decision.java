package dev.parapet.rbac;

import java.util.List;
import java.util.Optional;

/**
 * The authorizer's answer.
 *
 * @param superuser allowed because the identity is in {@code system:masters}, with no RBAC grant
 * @param grants the chains that allow the request, in the order the authorizer visits them
 */
public record Decision(boolean allowed, boolean superuser, List<Grant> grants) {
  static final Decision DENIED = new Decision(false, false, List.of());
  static final Decision SUPERUSER = new Decision(true, true, List.of());

  public Decision {
    grants = List.copyOf(grants);
  }

  static Decision of(List<Grant> grants) {
    return grants.isEmpty() ? DENIED : new Decision(true, false, grants);
  }

  /** The grant the authorizer stops at. */
  public Optional<Grant> first() {
    return grants.isEmpty() ? Optional.empty() : Optional.of(grants.get(0));
  }
}
