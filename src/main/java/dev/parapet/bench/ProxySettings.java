package dev.parapet.bench;

import dev.parapet.model.Location;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The settings kube-proxy runs with. Unlike the kubelet, kube-proxy started with {@code --config}
 * takes every value from that file and ignores the flags it shares with it (upstream
 * kubernetes/kubernetes#98302 and #107156; the flag help says "This parameter is ignored if a
 * config file is specified by --config"); a field the file leaves empty gets its
 * KubeProxyConfiguration default. Without {@code --config}, the flags and their defaults apply.
 */
public final class ProxySettings {
  /** The KubeProxyConfiguration API versions read. */
  public static final Set<String> API_VERSIONS = Set.of("kubeproxy.config.k8s.io/v1alpha1");

  /** A flag, its KubeProxyConfiguration key and its default (the same for both). */
  private record Mapping(String flag, String configKey, String defaultValue) {}

  // defaults: pkg/proxy/apis/config/v1alpha1/defaults.go (SetDefaults_KubeProxyConfiguration),
  // https://kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/
  private static final List<Mapping> MAPPINGS =
      List.of(
          new Mapping("metrics-bind-address", "metricsBindAddress", "127.0.0.1:10249"),
          new Mapping("healthz-bind-address", "healthzBindAddress", "0.0.0.0:10256"),
          new Mapping("bind-address", "bindAddress", "0.0.0.0"),
          new Mapping("profiling", "enableProfiling", "false"));

  private ProxySettings() {}

  /**
   * A setting's effective value.
   *
   * @param flags kube-proxy's command line
   * @param config the file {@code --config} names, when it was read
   * @param configNote why the file named was not read, when it was not
   */
  public static KubeletSettings.Effective get(
      ComponentSettings flags, Optional<ConfigFile> config, String configNote, String flag) {
    Optional<Mapping> m = MAPPINGS.stream().filter(x -> x.flag().equals(flag)).findFirst();
    Optional<Setting> configFlag = flags.flag("config").filter(s -> !s.value().isBlank());
    if (configFlag.isEmpty() || m.isEmpty()) {
      Optional<Setting> written = flags.flag(flag);
      if (written.isPresent()) {
        return new KubeletSettings.Effective(
            flag,
            m.map(Mapping::configKey),
            Optional.of(written.get().value()),
            KubeletSettings.Source.FLAG,
            written.get().location(),
            "--" + flag + "=" + written.get().value());
      }
      return defaulted(flag, m, "not set");
    }
    String key = m.get().configKey();
    if (config.isEmpty()) {
      return new KubeletSettings.Effective(
          flag,
          Optional.of(key),
          Optional.empty(),
          KubeletSettings.Source.CONFIG,
          configFlag.get().location(),
          key + " is read from --config=" + configFlag.get().value() + ", which " + configNote);
    }
    ConfigFile c = config.get();
    Optional<Node> node = c.at(key);
    Optional<String> text = node.flatMap(ConfigFile::text);
    if (text.isPresent() && !text.get().isEmpty()) {
      Location where = c.locationOf(node.get());
      String ignored =
          flags.flag(flag).isPresent()
              ? "; --" + flag + " is ignored because --config is given"
              : "";
      return new KubeletSettings.Effective(
          flag,
          Optional.of(key),
          text,
          KubeletSettings.Source.CONFIG,
          Optional.of(where),
          key + ": " + text.get() + " in --config=" + configFlag.get().value() + ignored);
    }
    String why =
        node.isPresent() && !(node.get() instanceof ScalarNode s && s.isNull())
            ? key + " is empty in " + c.file() + ", so"
            : key + " not set in " + c.file() + ", so";
    return defaulted(flag, m, why);
  }

  private static KubeletSettings.Effective defaulted(String flag, Optional<Mapping> m, String why) {
    if (m.isEmpty()) {
      return new KubeletSettings.Effective(
          flag,
          Optional.empty(),
          Optional.empty(),
          KubeletSettings.Source.DEFAULT,
          Optional.empty(),
          "--" + flag + " " + why);
    }
    return new KubeletSettings.Effective(
        flag,
        Optional.of(m.get().configKey()),
        Optional.of(m.get().defaultValue()),
        KubeletSettings.Source.DEFAULT,
        Optional.empty(),
        (why.endsWith("so") ? why + " the" : "--" + flag + " " + why + ";")
            + " default "
            + m.get().defaultValue()
            + " applies");
  }
}
