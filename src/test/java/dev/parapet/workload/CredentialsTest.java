package dev.parapet.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The credential heuristics. The strings below are made up for the test: they have the shape of
 * real credentials but were never issued by anyone.
 */
class CredentialsTest {
  private static Optional<Credentials.Match> env(String name, String value) {
    return Credentials.inNamedValue(name, value, true);
  }

  @Test
  void recognisesKnownFormatsWhateverTheName() {
    assertThat(env("CONFIG", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n"))
        .get()
        .extracting(Credentials.Match::what)
        .isEqualTo("a private key");
    assertThat(env("KEY", "-----BEGIN OPENSSH PRIVATE KEY-----")).isPresent();
    assertThat(env("KEY", "-----BEGIN EC PRIVATE KEY-----")).isPresent();
    assertThat(env("AWS_ACCESS_KEY_ID", "AKIAZ7QW3EXAMPLE4XYZ"))
        .get()
        .extracting(Credentials.Match::what)
        .isEqualTo("an AWS access key id");
    assertThat(env("AWS_ACCESS_KEY_ID", "ASIAQNZGKU4TEMPKEY7Q")).isPresent();
    assertThat(env("GH", "ghp_" + "Xq7Lm2Rt9Vb4Nc8Kd1Fs6Hj3Pw5Zy0Ae2Gu9"))
        .get()
        .extracting(Credentials.Match::what)
        .isEqualTo("a GitHub token");
    assertThat(env("CI", "glpat-" + "Hx2Kq9Lm4Nv7Rt1Ws3Yz"))
        .get()
        .extracting(Credentials.Match::what)
        .isEqualTo("a GitLab token");
    assertThat(env("NOTIFY", "xoxb-" + "2741922001-3891120450-Qk9dLr2Xm7Vn"))
        .get()
        .extracting(Credentials.Match::what)
        .isEqualTo("a Slack token");
    assertThat(
            env(
                "HOOK",
                "https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/Xk2Lm9Qr7Tz4Vw1Ys8Na"))
        .isPresent();
    assertThat(
            env(
                "SESSION",
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvcHMtYm90In0.cT2yqM6WnR1kLx0vPz8sB4dFgH7jK3mN9bV5cX1zQ0w"))
        .get()
        .extracting(Credentials.Match::what)
        .isEqualTo("a JSON Web Token");
  }

  @Test
  void recognisesPasswordsInUrls() {
    assertThat(env("DATABASE_URL", "postgres://orders:Tr0ub4dor&3@db.internal:5432/orders"))
        .get()
        .extracting(Credentials.Match::what)
        .isEqualTo("a password in a URL");
    assertThat(env("CACHE", "redis://:Wq8vN2xLpZ@redis:6379/0")).isPresent();
  }

  @Test
  void recognisesLiteralsUnderCredentialNames() {
    for (String name :
        List.of(
            "DB_PASSWORD",
            "POSTGRES_PASSWORD",
            "dbPassword",
            "MYSQLPASSWORD",
            "SMTP_PASS",
            "JWT_SECRET",
            "CLIENT_SECRET",
            "GITHUB_TOKEN",
            "STRIPE_API_KEY",
            "apiKey",
            "SIGNING_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "spring.datasource.password",
            "KEYSTORE_PASSPHRASE")) {
      assertThat(env(name, "hunter2-prod")).as(name).isPresent();
    }
  }

  @Test
  void namesAboutASecretAreNotCredentialNames() {
    for (String name :
        List.of(
            "PASSWORD_FILE",
            "DB_PASSWORD_PATH",
            "TOKEN_URL",
            "SECRET_NAME",
            "TOKEN_TTL",
            "JWT_SECRET_ALGORITHM",
            "AWS_ACCESS_KEY_ID",
            "PWD",
            "OLDPWD",
            "CACHE_KEY",
            "KEY_PREFIX",
            "TOKENIZER_MODEL",
            "BYPASS_PROXY")) {
      assertThat(Credentials.isCredentialName(name)).as(name).isFalse();
    }
    assertThat(env("PASSWORD_FILE", "/run/secrets/db-password")).isEmpty();
    assertThat(env("TOKEN_TTL", "3600")).isEmpty();
  }

  /**
   * Placeholders are deliberately not credentials: they disclose nothing. "changeme" deployed as is
   * would be a weak default password, which this heuristic cannot tell from a template value.
   */
  @Test
  void placeholdersAreNotCredentials() {
    for (String value :
        List.of(
            "changeme",
            "CHANGEME",
            "change-me",
            "changeit",
            "<password>",
            "<your-api-key>",
            "${DB_PASSWORD}",
            "{{ .Values.db.password }}",
            "xxxxxxxx",
            "********",
            "REPLACE_ME",
            "replace-with-your-token",
            "your-api-key-here",
            "__DB_PASSWORD__",
            "#{DbPassword}#",
            "@db.password@",
            "TODO",
            "none",
            "")) {
      assertThat(env("DB_PASSWORD", value)).as(value).isEmpty();
    }
  }

  @Test
  void dependentVariableReferencesAreNotLiterals() {
    assertThat(env("DB_PASSWORD", "$(POSTGRES_PASSWORD)")).isEmpty();
    assertThat(env("DATABASE_URL", "postgres://$(DB_USER):$(DB_PASSWORD)@db:5432/app")).isEmpty();
    assertThat(env("AUTH_HEADER_VALUE", "Bearer $(API_TOKEN)")).isEmpty();
    // a literal next to a reference is still a literal
    assertThat(env("DATABASE_URL", "postgres://$(DB_USER):S3cr3tPassw0rd@db:5432/app")).isPresent();
  }

  @Test
  void settingsUnderCredentialNamesAreNotCredentials() {
    assertThat(env("DB_PASSWORD", "true")).isEmpty();
    assertThat(env("MIN_PASSWORD", "12")).isEmpty();
    assertThat(env("VAULT_TOKEN", "vault:secret/data/app#token")).isEmpty();
    assertThat(env("DB_PASSWORD", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"))
        .isEmpty();
    assertThat(env("OP_TOKEN", "op://prod/api/token")).isEmpty();
    assertThat(env("SECRET_STORE", "https://vault.internal:8200")).isEmpty();
  }

  @Test
  void randomLookingStringsAreFoundUnderAnyName() {
    assertThat(env("UPSTREAM_AUTH", "q7Vx2LmR9tKw4Np8ZsB3cHf6Jd1Ye5Ga"))
        .get()
        .extracting(Credentials.Match::what)
        .asString()
        .startsWith("a random-looking string");
    assertThat(Credentials.randomLooking("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).isTrue();
  }

  @Test
  void structuredOrWordyValuesAreNotRandom() {
    for (String value :
        List.of(
            "MyApp-Production-Config-2024",
            "ProductionEnvironment2024Release",
            "K8sClusterAutoscalerV2Enabled",
            "org.springframework.boot.Application2",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "550e8400-e29b-41d4-a716-446655440000",
            "/opt/app/lib/Runtime2/Config",
            "-Xms512m -Xmx2g -XX:+UseG1GC",
            "short1A")) {
      assertThat(Credentials.randomLooking(value)).as(value).isFalse();
    }
    assertThat(env("GIT_COMMIT_SHA", "q7Vx2LmR9tKw4Np8ZsB3cHf6Jd1Ye5Ga")).isEmpty();
    assertThat(env("BUILD_ID", "q7Vx2LmR9tKw4Np8ZsB3cHf6Jd1Ye5Ga")).isEmpty();
  }

  @Test
  void entropyIsMeasuredInBitsPerCharacter() {
    assertThat(Credentials.entropy("aaaa")).isZero();
    assertThat(Credentials.entropy("abcd")).isEqualTo(2.0);
    assertThat(Credentials.entropy("")).isZero();
  }

  @Test
  void masksNeverShowMoreThanAQuarterOrFourCharacters() {
    assertThat(Credentials.mask("AKIAZ7QW3EXAMPLE4XYZ")).isEqualTo("AKIA****** (20 characters)");
    assertThat(Credentials.mask("hunter2")).isEqualTo("h****** (7 characters)");
    assertThat(Credentials.mask("abc")).isEqualTo("****** (3 characters)");
    Credentials.Match m = env("DB_PASSWORD", "Sup3rS3cretPassw0rd!").orElseThrow();
    assertThat(m.shown()).doesNotContain("S3cret").startsWith("Sup3").contains("20 characters");
  }

  @Test
  void findsAssignmentsInsideFiles() {
    String props =
        "server.port=8080\n"
            + "spring.datasource.url=jdbc:postgresql://db:5432/orders\n"
            + "spring.datasource.password=Orders!2024\n";
    Credentials.LineMatch m = Credentials.inFile(props).orElseThrow();
    assertThat(m.line()).isEqualTo(3);
    assertThat(m.match().shown()).doesNotContain("Orders!2024");
    assertThat(
            Credentials.inFile("db:\n  password: \"s3cr3t-value\"  # prod\n").orElseThrow().line())
        .isEqualTo(2);
    assertThat(Credentials.inFile("{\n  \"apiKey\": \"k-29fj3ksl20\",\n}").orElseThrow().line())
        .isEqualTo(2);
    assertThat(Credentials.inFile("export API_TOKEN=abc123def456\n")).isPresent();
  }

  @Test
  void fileAssignmentsOfPlaceholdersStructuresOrPathsAreNotCredentials() {
    assertThat(
            Credentials.inFile(
                "password: ${DB_PASSWORD}\n"
                    + "token: {{ .Values.token | quote }}\n"
                    + "secrets:\n"
                    + "password: |\n"
                    + "password_file: /etc/app/password\n"
                    + "auth: true\n"
                    + "tokens: []\n"))
        .isEmpty();
  }

  @Test
  void splitsNamesIntoWords() {
    assertThat(Credentials.words("dbPassword")).containsExactly("DB", "PASSWORD");
    assertThat(Credentials.words("spring.datasource.password"))
        .containsExactly("SPRING", "DATASOURCE", "PASSWORD");
    assertThat(Credentials.words("AWS_SECRET_ACCESS_KEY"))
        .containsExactly("AWS", "SECRET", "ACCESS", "KEY");
  }
}
