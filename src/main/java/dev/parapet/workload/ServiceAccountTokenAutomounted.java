package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Patches;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.ScalarNode;
import java.util.List;
import java.util.Optional;

/**
 * Unless turned off, every container gets an API token of the pod's service account in a file.
 * Triggers when neither the pod nor its ServiceAccount (when in the input) sets {@code
 * automountServiceAccountToken: false}; the pod's setting wins over the service account's.
 */
@CheckInfo(
    id = "SEC-001",
    title = "Service account token mounted into the pod",
    severity = Severity.MEDIUM,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "secret",
    cis = {"CIS 1.10: 5.1.6"},
    mitre = {"T1528", "T1552.001"},
    nsa = {"Pod security: protecting pod service account tokens"},
    description =
        "The kubelet mounts a token of the pod's service account at"
            + " /var/run/secrets/kubernetes.io/serviceaccount in every container unless told not"
            + " to; anyone who gets code execution or a file read in any container (a path"
            + " traversal, an SSRF to file://) can call the API server with the service account's"
            + " permissions, and most applications never call the API. The pod's"
            + " spec.automountServiceAccountToken wins; when it is unset the ServiceAccount's field"
            + " decides. Triggered when the pod sets it to true, or leaves it unset while its"
            + " ServiceAccount (serviceAccountName, else default, in the same namespace) is not in"
            + " the input or does not set it to false. Reported at the pod's field, or at the pod"
            + " spec when the field is missing.",
    remediation =
        "Set automountServiceAccountToken: false on the ServiceAccount or the pod spec; a workload"
            + " that calls the API should mount a short-lived, audience-bound token through a"
            + " projected serviceAccountToken volume in the one container that needs it.")
public final class ServiceAccountTokenAutomounted implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    Optional<MapNode> spec = workload.podSpec();
    if (spec.isEmpty()) {
      return;
    }
    dev.parapet.model.ServiceAccountTokens.TokenMount token =
        dev.parapet.model.ServiceAccountTokens.of(
            workload, dev.parapet.model.ServiceAccountTokens.accounts(context.inventory()));
    if (!token.mounted()) {
      return;
    }
    Optional<ScalarNode> podValue =
        spec.get().scalar("automountServiceAccountToken").filter(s -> s.asBoolean().isPresent());
    if (podValue.isPresent()) {
      sink.report(
          workload.object(),
          podValue.get(),
          "pod sets automountServiceAccountToken to true: every container gets an API token",
          Fix.of("stop mounting the token", Fix.Op.replace(podValue.get().pointer(), false)));
      return;
    }
    String account = workload.serviceAccountName();
    String why;
    if (token.account().isEmpty()) {
      why = "service account \"" + account + "\" is not in the input to turn it off";
    } else if (token.decidedBy().isPresent()) {
      why = "its service account \"" + account + "\" sets it to true";
    } else {
      why = "neither does its service account \"" + account + "\"";
    }
    sink.missing(
        workload.object(),
        spec.get(),
        "automountServiceAccountToken",
        "pod does not set automountServiceAccountToken to false and "
            + why
            + ": every container"
            + " gets an API token",
        Fix.of(
            "stop mounting the token",
            Patches.set(spec.get(), List.of("automountServiceAccountToken"), false)));
  }
}
