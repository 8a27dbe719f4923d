package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Encryption at rest as the API server decides it: first provider, resource matching order. */
class EncryptionConfigTest {
  static EncryptionConfig.Result read(String name) throws IOException {
    return EncryptionConfig.read(name, Files.readAllBytes(KubeletSettingsTest.DATA.resolve(name)));
  }

  static EncryptionConfig.Result text(String yaml) {
    return EncryptionConfig.read("enc.yaml", yaml.getBytes());
  }

  private static Map<String, String> facts(EncryptionConfig c) {
    return c.facts().stream().collect(Collectors.toMap(Setting::name, Setting::value));
  }

  @Test
  void kmsV2FirstEncryptsSecrets() throws IOException {
    EncryptionConfig.Result r = read("encryption-kms.yaml");
    assertThat(r.problems()).isEmpty();
    EncryptionConfig c = r.config().orElseThrow();
    assertThat(c.secretsEncrypted()).isTrue();
    assertThat(c.writeProvider("", "secrets").orElseThrow().kind())
        .isEqualTo(EncryptionConfig.Kind.KMS_V2);
    assertThat(c.writeProvider("", "secrets").orElseThrow().keyNames())
        .containsExactly("vault-kms");
    Map<String, String> f = facts(c);
    assertThat(f)
        .containsEntry("secrets.encrypted", "true")
        .containsEntry("secrets.provider", "kms")
        .containsEntry("secrets.kms.apiVersion", "v2")
        .containsEntry("secrets.providers", "kms,aescbc,identity")
        .containsEntry("secrets.provider.preferred", "true");
    Setting enc =
        c.facts().stream().filter(s -> s.name().equals("secrets.encrypted")).findFirst().get();
    assertThat(enc.location().orElseThrow().line()).isEqualTo(8);
    // every other resource falls to '*.*', whose first provider is identity
    assertThat(c.writeProvider("apps", "deployments").orElseThrow().kind())
        .isEqualTo(EncryptionConfig.Kind.IDENTITY);
  }

  @Test
  void identityFirstMeansPlainText() throws IOException {
    EncryptionConfig c = read("encryption-identity-first.yaml").config().orElseThrow();
    assertThat(c.secretsEncrypted()).isFalse();
    assertThat(facts(c))
        .containsEntry("secrets.encrypted", "false")
        .containsEntry("secrets.provider", "identity")
        .containsEntry("secrets.providers", "identity,aesgcm")
        .containsEntry("secrets.provider.preferred", "false");
    assertThat(facts(c).get("secrets.provider.note")).contains("written unencrypted");
    Setting enc =
        c.facts().stream().filter(s -> s.name().equals("secrets.encrypted")).findFirst().get();
    assertThat(enc.location().orElseThrow().line()).isEqualTo(8);
  }

  @Test
  void secretsNotListedAreNotEncrypted() {
    EncryptionConfig c =
        text("""
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                - resources: [configmaps]
                  providers: [{secretbox: {keys: [{name: k, secret: eHh4}]}}]
                """)
            .config()
            .orElseThrow();
    assertThat(c.secretsEncrypted()).isFalse();
    assertThat(facts(c)).containsEntry("secrets.encrypted", "false");
    assertThat(facts(c).get("secrets.provider.note")).startsWith("secrets are not listed");
    assertThat(c.writeProvider("", "configmaps").orElseThrow().kind())
        .isEqualTo(EncryptionConfig.Kind.SECRETBOX);
  }

  @Test
  void wildcardsMatchAsUpstreamDefinesThem() {
    EncryptionConfig c =
        text("""
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                - resources: ['*.apps']
                  providers: [{aesgcm: {keys: [{name: g, secret: eHh4}]}}]
                - resources: ['*.']
                  providers: [{kms: {name: old, endpoint: 'unix:///k.sock'}}]
                - resources: ['*.*']
                  providers: [{identity: {}}]
                - resources: [secrets]
                  providers: [{aescbc: {keys: [{name: c, secret: eHh4}]}}]
                """)
            .config()
            .orElseThrow();
    // the exact name wins over the core wildcard written before it
    assertThat(c.writeProvider("", "secrets").orElseThrow().kind())
        .isEqualTo(EncryptionConfig.Kind.AESCBC);
    // '*.' is every core resource; kms without apiVersion is v1
    assertThat(c.writeProvider("", "configmaps").orElseThrow().kind())
        .isEqualTo(EncryptionConfig.Kind.KMS_V1);
    assertThat(c.writeProvider("apps", "deployments").orElseThrow().kind())
        .isEqualTo(EncryptionConfig.Kind.AESGCM);
    assertThat(c.writeProvider("batch", "jobs").orElseThrow().kind())
        .isEqualTo(EncryptionConfig.Kind.IDENTITY);
  }

  @Test
  void oddProvidersAreWarningsAtTheirLine() {
    EncryptionConfig.Result r =
        text(
            """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
            - resources: [secrets]
              providers:
              - rot13: {}
              - aescbc: {}
                identity: {}
            """);
    assertThat(r.problems())
        .extracting(Object::toString)
        .containsExactly(
            "enc.yaml:6:5: warning: unknown encryption provider 'rot13'",
            "enc.yaml:7:5: warning: a provider must have exactly one type (identity, aescbc, ...)");
    assertThat(r.config().orElseThrow().secretsEncrypted()).isFalse();
  }

  @Test
  void wrongKindOrBrokenYamlIsAnError() {
    assertThat(text("apiVersion: v1\nkind: EncryptionConfig\nresources: []\n").problems())
        .singleElement()
        .asString()
        .startsWith("enc.yaml:1:1: cannot read EncryptionConfiguration: found kind");
    assertThat(text("kind: [\n").config()).isEmpty();
    assertThat(text("kind: [\n").problems()).isNotEmpty();
    assertThat(EncryptionConfig.read("big.yaml", new byte[ConfigFile.MAX_BYTES + 1]).problems())
        .extracting(Object::toString)
        .containsExactly(
            "big.yaml: cannot read EncryptionConfiguration: file is "
                + (ConfigFile.MAX_BYTES + 1)
                + " bytes, more than the limit of "
                + ConfigFile.MAX_BYTES);
  }
}
