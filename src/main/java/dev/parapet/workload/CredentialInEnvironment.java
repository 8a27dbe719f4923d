package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.Optional;

/**
 * A credential written as an environment variable's literal value is in the manifest, in Git, and
 * readable by anyone who can read the workload. Triggers on an {@code env[].value} that looks like
 * a credential (see {@link Credentials}); the message masks it.
 */
@CheckInfo(
    id = "SEC-002",
    title = "Credential written in an environment variable",
    severity = Severity.HIGH,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "secret",
    cis = {"CIS 1.10: 5.4.2"},
    mitre = {"T1552.001"},
    nsa = {"Network separation and hardening: secrets"},
    description =
        "A literal env value is part of the workload object: it sits in the repository and its"
            + " history, in every rendered chart, in etcd unencrypted, and anyone allowed to get the"
            + " Deployment (far more people than may read Secrets) sees it; it also shows in"
            + " kubectl describe and in the process environment. Triggered by env[].value of any"
            + " container (init and ephemeral included) that holds a private key, an AWS access key"
            + " id (AKIA/ASIA), a GitHub, GitLab, Slack, Google or Stripe token, a JSON Web Token, a"
            + " Slack webhook, a URL with a password, a non-empty literal under a credential-like"
            + " name (*PASSWORD*, *SECRET*, *TOKEN*, *API_KEY*, *PRIVATE_KEY*, ...), or a"
            + " random-looking string (20+ mixed-case alphanumeric characters of high Shannon"
            + " entropy). $(VAR) references are removed first; placeholders (changeme, <...>,"
            + " ${...}, {{...}}), paths, booleans, numbers, references to secret stores and names"
            + " such as *_FILE, *_URL or *_TTL are not credentials. The message never shows more"
            + " than the first characters of the value.",
    remediation =
        "Rotate the credential (it has been disclosed), put it in a Secret (ideally created from"
            + " an external store by the External Secrets Operator, Sealed Secrets or the CSI"
            + " secrets store) and mount it as a file, or reference it with"
            + " valueFrom.secretKeyRef.")
public final class CredentialInEnvironment implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    for (ContainerView c : workload.containers()) {
      Optional<SeqNode> env = c.node().seq("env");
      if (env.isEmpty()) {
        continue;
      }
      for (int i = 0; i < env.get().length(); i++) {
        if (!(env.get().get(i) instanceof MapNode var)) {
          continue;
        }
        Optional<ScalarNode> value = var.scalar("value").filter(s -> !s.isNull());
        if (value.isEmpty()) {
          continue;
        }
        String name = var.string("name").orElse("#" + i);
        Credentials.inNamedValue(name, value.get().value(), true)
            .ifPresent(
                m ->
                    sink.report(
                        workload.object(),
                        value.get(),
                        c.describe()
                            + ": environment variable "
                            + name
                            + " holds "
                            + m.what()
                            + " written in the manifest: "
                            + m.shown()));
      }
    }
  }
}
