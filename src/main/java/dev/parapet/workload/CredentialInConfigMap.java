package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.ObjectCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.K8sObject;
import dev.parapet.source.MapNode;
import dev.parapet.source.ScalarNode;
import java.util.Optional;

/**
 * ConfigMaps are not meant for secrets: more people may read them and they are never encrypted at
 * rest. Triggers on a ConfigMap data entry whose key and value, or whose file content, look like a
 * credential (see {@link Credentials}).
 */
@CheckInfo(
    id = "SEC-005",
    title = "Credential stored in a ConfigMap",
    severity = Severity.HIGH,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "secret",
    cis = {"CIS 1.10: 5.4.2"},
    mitre = {"T1552.001"},
    nsa = {"Network separation and hardening: secrets"},
    description =
        "ConfigMaps are readable by roles that are not trusted with Secrets (view, many operators),"
            + " are shown in full by kubectl describe, are excluded from encryption at rest and live"
            + " in the repository as plain text. Triggered by an entry of data whose key names a"
            + " credential (password, secret, token, api_key, ...) with a literal value, whose value"
            + " holds a known credential format (private key, cloud or SaaS token, JSON Web Token,"
            + " URL with a password), or, for a whole file such as application.properties,"
            + " config.yaml or .env, a line assigning a literal to a credential-like name. The same"
            + " exclusions as for environment variables apply (placeholders, ${...} references,"
            + " paths, *_FILE names...); random-looking strings alone are not reported here, since"
            + " ConfigMaps legitimately carry checksums and ids. Reported at the entry's value; the"
            + " message names the line inside the value and masks what it found.",
    remediation =
        "Rotate the credential, move it to a Secret mounted as a file (or injected from an external"
            + " store), and keep only a reference to it in the configuration.")
public final class CredentialInConfigMap implements ObjectCheck {
  @Override
  public void check(K8sObject object, CheckContext context, Sink sink) {
    if (!object.kind().equals("ConfigMap") || !object.group().isEmpty()) {
      return;
    }
    Optional<MapNode> data = object.root().map("data");
    if (data.isEmpty()) {
      return;
    }
    for (int i = 0; i < data.get().entries(); i++) {
      if (!(data.get().value(i) instanceof ScalarNode s) || s.isNull()) {
        continue;
      }
      String key = data.get().key(i);
      String where = "ConfigMap \"" + object.name() + "\" key \"" + key + "\"";
      Optional<Credentials.Match> direct =
          s.value().contains("\n")
              ? Optional.empty()
              : Credentials.inNamedValue(key, s.value(), false);
      if (direct.isPresent()) {
        sink.report(
            object, s, where + " holds " + direct.get().what() + ": " + direct.get().shown());
        continue;
      }
      Credentials.inFile(s.value())
          .ifPresent(
              m ->
                  sink.report(
                      object,
                      s,
                      where
                          + (s.value().contains("\n") ? " line " + m.line() : "")
                          + " holds "
                          + m.match().what()
                          + ": "
                          + m.match().shown()));
    }
  }
}
