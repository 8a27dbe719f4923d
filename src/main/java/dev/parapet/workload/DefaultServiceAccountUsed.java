package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.ScalarNode;
import java.util.Optional;

/**
 * Pods that run as the namespace's {@code default} service account share one identity with every
 * other such pod. Triggers when serviceAccountName (or the deprecated serviceAccount) is unset or
 * {@code default}.
 */
@CheckInfo(
    id = "POD-011",
    title = "Workload runs as the default service account",
    severity = Severity.LOW,
    stride = Stride.SPOOFING,
    category = "workload",
    cis = {"CIS 1.10: 5.1.5"},
    mitre = {"T1078", "T1528"},
    nsa = {"Pod security: protecting pod service account tokens"},
    description =
        "Every namespace has a service account named default, and every pod that names no other"
            + " runs as it: permissions granted to default for one workload are held by all of them,"
            + " and audit logs cannot tell them apart. Triggered by a pod spec whose"
            + " serviceAccountName is missing or \"default\" (the deprecated serviceAccount field is"
            + " read when serviceAccountName is missing).",
    remediation =
        "Create a ServiceAccount per workload (with automountServiceAccountToken: false unless it"
            + " calls the API), bind it only the roles it needs and set spec.serviceAccountName.")
public final class DefaultServiceAccountUsed implements WorkloadCheck {
  static final String DEFAULT = "default";

  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    Optional<MapNode> spec = workload.podSpec();
    if (spec.isEmpty()) {
      return;
    }
    Optional<ScalarNode> named = workload.serviceAccountField();
    if (named.isEmpty()) {
      sink.missing(
          workload.object(),
          spec.get(),
          "serviceAccountName",
          "pod names no service account: it runs as the namespace's \"default\" service account",
          null);
    } else if (named.get().value().equals(DEFAULT)) {
      sink.report(
          workload.object(),
          named.get(),
          "pod runs as the namespace's \"default\" service account, shared by every pod that names"
              + " no other",
          null);
    }
  }
}
