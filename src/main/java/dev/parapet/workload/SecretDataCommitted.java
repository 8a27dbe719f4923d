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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A Secret manifest with its values is the secret itself, base64 being an encoding and not
 * encryption. Triggers on a Secret whose {@code data} or {@code stringData} holds a value that is
 * neither empty nor a placeholder.
 */
@CheckInfo(
    id = "SEC-004",
    title = "Secret values written in a manifest",
    severity = Severity.HIGH,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "secret",
    cis = {"CIS 1.10: 5.4.2"},
    mitre = {"T1552.001"},
    nsa = {"Network separation and hardening: secrets"},
    description =
        "Values under a Secret's data are only base64-encoded and those under stringData are plain"
            + " text: a Secret manifest kept in a repository, a chart or a CI artefact discloses"
            + " every credential in it to whoever can read that, for as long as the history lives."
            + " Triggered by a Secret whose data or stringData has at least one value that is not"
            + " empty and (once decoded) not a placeholder such as changeme, <...> or ${...};"
            + " reported at data and at stringData, naming the keys but never the values. A"
            + " kubernetes.io/service-account-token Secret with no data, as written to request a"
            + " token, is not reported. A Secret carrying both metadata.uid and"
            + " metadata.resourceVersion, as the API server returns it, is read as cluster state"
            + " (a kubectl dump) rather than a manifest and is not reported: every Secret of a"
            + " cluster holds values.",
    remediation =
        "Rotate the disclosed values and remove the Secret from the manifests: create it from an"
            + " external store (External Secrets Operator, CSI secrets store), commit it encrypted"
            + " (Sealed Secrets, SOPS), or let the deployment pipeline create it.")
public final class SecretDataCommitted implements ObjectCheck {
  /** The API server sets uid and resourceVersion; manifests written by people carry neither. */
  private static boolean fromCluster(K8sObject object) {
    return object
        .metadata()
        .filter(m -> m.string("uid").isPresent() && m.string("resourceVersion").isPresent())
        .isPresent();
  }

  @Override
  public void check(K8sObject object, CheckContext context, Sink sink) {
    if (!object.kind().equals("Secret") || !object.group().isEmpty() || fromCluster(object)) {
      return;
    }
    for (String field : new String[] {"data", "stringData"}) {
      Optional<MapNode> map = object.root().map(field);
      if (map.isEmpty()) {
        continue;
      }
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < map.get().entries(); i++) {
        if (map.get().value(i) instanceof ScalarNode s && !s.isNull()) {
          String value = field.equals("data") ? decode(s.value()) : s.value();
          if (!Credentials.isPlaceholder(value)) {
            keys.add(map.get().key(i));
          }
        }
      }
      if (keys.isEmpty()) {
        continue;
      }
      sink.report(
          object,
          map.get(),
          "Secret \""
              + object.name()
              + "\" has "
              + (field.equals("data") ? "base64-encoded" : "plain-text")
              + " values written under "
              + field
              + " for "
              + (keys.size() == 1 ? "key " : "keys ")
              + String.join(", ", keys));
    }
  }

  /** The decoded text, or the value as written when it is not valid base64. */
  private static String decode(String value) {
    try {
      return new String(
          Base64.getMimeDecoder().decode(value.replaceAll("\\s", "")), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }
}
