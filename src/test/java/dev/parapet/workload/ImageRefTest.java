package dev.parapet.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageRefTest {
  private static final String SHA =
      "sha256:4c1e997385b8fb4ad4d1d3c7e5af7ff3f882e94d07cf5b78de9e889bc60830e6";

  private static ImageRef parse(String s) {
    return ImageRef.parse(s).orElseThrow(() -> new AssertionError("should parse: " + s));
  }

  @Test
  void bareNameIsOnDockerHubLibrary() {
    assertThat(parse("nginx")).isEqualTo(new ImageRef("docker.io", "library/nginx", null, null));
    assertThat(parse("library/nginx:1.27"))
        .isEqualTo(new ImageRef("docker.io", "library/nginx", "1.27", null));
    assertThat(parse("bitnami/redis:7.2").registry()).isEqualTo("docker.io");
  }

  @Test
  void registryWithPortNamespaceTagAndDigest() {
    ImageRef r = parse("registry.example.com:5000/team/api:1.4.2@" + SHA);
    assertThat(r.registry()).isEqualTo("registry.example.com:5000");
    assertThat(r.repository()).isEqualTo("team/api");
    assertThat(r.tag()).isEqualTo("1.4.2");
    assertThat(r.digest()).isEqualTo(SHA);
    assertThat(r.mutable()).isFalse();
  }

  @Test
  void localhostWithPortIsARegistry() {
    ImageRef r = parse("localhost:5000/x");
    assertThat(r.registry()).isEqualTo("localhost:5000");
    assertThat(r.repository()).isEqualTo("x");
    assertThat(r.tag()).isNull();
    assertThat(r.effectiveTag()).isEqualTo("latest");
    assertThat(parse("localhost/x").registry()).isEqualTo("localhost");
  }

  @Test
  void hostWithPortButNoDotIsARegistry() {
    assertThat(parse("myregistry:5000/app:2").registry()).isEqualTo("myregistry:5000");
    assertThat(parse("myregistry:5000/app:2").tag()).isEqualTo("2");
  }

  @Test
  void firstComponentWithoutDotOrColonIsANamespace() {
    ImageRef r = parse("acme/tools/cli:v3");
    assertThat(r.registry()).isEqualTo("docker.io");
    assertThat(r.repository()).isEqualTo("acme/tools/cli");
  }

  @Test
  void digestWithoutTag() {
    ImageRef r = parse("gcr.io/distroless/static@" + SHA);
    assertThat(r.tag()).isNull();
    assertThat(r.hasDigest()).isTrue();
  }

  @Test
  void dockerHubAliasesFoldIntoDockerIo() {
    assertThat(parse("index.docker.io/library/nginx:1").registry()).isEqualTo("docker.io");
    assertThat(parse("docker.io/nginx").repository()).isEqualTo("library/nginx");
    assertThat(parse("Registry.Example.COM/app").registry()).isEqualTo("registry.example.com");
  }

  @Test
  void rejectsWhatIsNotAReference() {
    for (String s :
        List.of(
            "",
            "  ",
            "{{ .Values.image }}",
            "$(IMAGE)",
            "nginx:",
            "nginx@sha256:abc",
            "Nginx",
            "repo/app:bad tag",
            "repo//app")) {
      assertThat(ImageRef.parse(s)).as(s).isEmpty();
    }
  }

  @Test
  void allowListMatchesWholeComponents() {
    ImageRef acme = parse("ghcr.io/acme/api:1");
    assertThat(ImageFromUntrustedRegistry.allows("ghcr.io", acme)).isTrue();
    assertThat(ImageFromUntrustedRegistry.allows("ghcr.io/acme", acme)).isTrue();
    assertThat(ImageFromUntrustedRegistry.allows("https://ghcr.io/acme/", acme)).isTrue();
    assertThat(ImageFromUntrustedRegistry.allows("ghcr.io/ac", acme)).isFalse();
    assertThat(ImageFromUntrustedRegistry.allows("ghcr.io/acme-evil", acme)).isFalse();
    assertThat(ImageFromUntrustedRegistry.allows("docker.io", parse("nginx"))).isTrue();
    assertThat(ImageFromUntrustedRegistry.allows("docker.io/library", parse("nginx"))).isTrue();
    assertThat(ImageFromUntrustedRegistry.allows("index.docker.io", parse("nginx"))).isTrue();
    // an official image named as users write it
    assertThat(ImageFromUntrustedRegistry.allows("docker.io/nginx", parse("nginx:1.25"))).isTrue();
    assertThat(ImageFromUntrustedRegistry.allows("docker.io/nginx", parse("nginxinc/nginx")))
        .isFalse();
    assertThat(
            ImageFromUntrustedRegistry.allows(
                "*.dkr.ecr.eu-west-1.amazonaws.com",
                parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:3")))
        .isTrue();
    assertThat(ImageFromUntrustedRegistry.allows("*.example.com", parse("evilexample.com/x")))
        .isFalse();
    assertThat(ImageFromUntrustedRegistry.allows("registry.example.com", parse("localhost:5000/x")))
        .isFalse();
  }
}
