package dev.parapet.pss;

import dev.parapet.check.Check;
import java.util.List;

/** Checks of namespaces' Pod Security admission labels, in check-id order. */
public final class PsaChecks {
  private PsaChecks() {}

  public static final List<Check> ALL =
      List.of(
          new RejectedByNamespaceEnforce(),
          new NamespaceWithoutEnforceLevel(),
          new InvalidPodSecurityLabel());
}
