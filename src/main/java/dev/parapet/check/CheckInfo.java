package dev.parapet.check;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A check's metadata, declared once on its class and read into a {@link CheckMeta}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CheckInfo {
  /** Stable, opaque id such as {@code POD-005}; never changes once published. */
  String id();

  /** The failing state, no trailing period. */
  String title();

  Severity severity();

  Stride stride();

  /**
   * Group used by {@code --only} and {@code --skip}: pss, psa, workload, image, secret, exposure,
   * rbac, network, cis.
   */
  String category();

  /** Why it matters and exactly what triggers it. */
  String description();

  /** How to fix it. */
  String remediation();

  /** Pod Security Standards control, e.g. {@code baseline/Privileged Containers}. */
  String pss() default "";

  /** CIS Kubernetes Benchmark ids, version-qualified, e.g. {@code CIS-1.10 5.2.2}. */
  String[] cis() default {};

  /** MITRE ATT&CK technique ids, e.g. {@code T1611}. */
  String[] mitre() default {};

  /** NSA/CISA Kubernetes Hardening Guide sections. */
  String[] nsa() default {};

  /**
   * Checks (usually Pod Security controls) that may report the very same field, which this check
   * refines. When both do, only one finding is kept: the more severe, and on a tie this check's, as
   * the more specific. A field is never reported twice.
   */
  String[] overlaps() default {};

  /** Former ids that still select this check. */
  String[] aliases() default {};
}
