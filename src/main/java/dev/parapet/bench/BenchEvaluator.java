package dev.parapet.bench;

import dev.parapet.model.Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Judges benchmark entries on component instances.
 *
 * <p>A test that holds is PASS; one that does not is FAIL for an automated entry and WARN for a
 * manual one; one that cannot be decided from the input (a file not read yet) is WARN; an entry
 * with no test is WARN (a person judges it). An entry whose component is not in the input is INFO,
 * not FAIL: parapet cannot tell a component that is missing from one that was not given to it.
 *
 * <p>A flag that is not written is judged by its upstream default ({@link Defaults}) for the
 * Kubernetes version of the instance, and the evidence says so. {@code present} and {@code absent}
 * ask whether the flag is written, so a default never satisfies them.
 */
public final class BenchEvaluator {
  private BenchEvaluator() {}

  /**
   * What to judge.
   *
   * @param targets the targets to run (master, etcd, ...); empty runs all
   * @param kubernetes the version whose defaults apply; empty to take it from the image tags
   */
  public record Options(List<String> targets, Optional<KubeVersion> kubernetes) {
    public Options {
      targets = List.copyOf(targets);
    }

    public static Options defaults() {
      return new Options(List.of(), Optional.empty());
    }
  }

  private enum Truth {
    TRUE,
    FALSE,
    UNKNOWN
  }

  private record Outcome(
      Truth truth, String evidence, Optional<Location> location, boolean defaultUsed) {}

  public static BenchReport evaluate(
      Benchmark benchmark, List<Instance> instances, Options options, Defaults defaults) {
    KubeVersion runVersion;
    String versionSource;
    Optional<KubeVersion> fromImages =
        instances.stream()
            .map(Instance::version)
            .flatMap(Optional::stream)
            .max(Comparator.naturalOrder());
    if (options.kubernetes().isPresent()) {
      runVersion = options.kubernetes().get();
      versionSource = "--k8s-version";
    } else if (fromImages.isPresent()) {
      runVersion = fromImages.get();
      versionSource = "image tag";
    } else {
      runVersion = benchmark.to();
      versionSource = "newest version " + benchmark.id() + " covers";
    }
    List<String> targets = options.targets().isEmpty() ? Benchmark.TARGETS : options.targets();
    List<BenchResult> results = new ArrayList<>();
    for (BenchCheck check : benchmark.checks()) {
      if (!targets.contains(check.target())) {
        continue;
      }
      List<Instance> of =
          instances.stream().filter(i -> i.component() == check.component()).toList();
      if (of.isEmpty()) {
        results.add(
            result(
                check,
                Optional.empty(),
                Status.INFO,
                check.component().binary() + " not found in the input",
                Optional.empty(),
                false));
        continue;
      }
      for (Instance instance : of) {
        KubeVersion v = options.kubernetes().or(instance::version).orElse(runVersion);
        results.add(judge(check, instance, v, defaults));
      }
    }
    return new BenchReport(benchmark, runVersion, versionSource, targets, results);
  }

  static BenchResult judge(BenchCheck check, Instance instance, KubeVersion v, Defaults defaults) {
    Optional<String> name = Optional.of(instance.name());
    if (check.test().isEmpty()) {
      return result(
          check,
          name,
          Status.WARN,
          withNote(check, "manual check: judge it by hand"),
          instance.settings().location(),
          false);
    }
    Outcome o = new Judge(instance, v, defaults).eval(check.test().get());
    Status status =
        switch (o.truth()) {
          case TRUE -> Status.PASS;
          case FALSE -> check.scored() ? Status.FAIL : Status.WARN;
          case UNKNOWN -> Status.WARN;
        };
    return result(
        check,
        name,
        status,
        withNote(check, o.evidence()),
        o.location().or(() -> instance.settings().location()),
        o.defaultUsed());
  }

  private static String withNote(BenchCheck check, String evidence) {
    return check.note().map(n -> evidence + "; " + n).orElse(evidence);
  }

  private static BenchResult result(
      BenchCheck c,
      Optional<String> instance,
      Status status,
      String evidence,
      Optional<Location> location,
      boolean defaultUsed) {
    return new BenchResult(
        c.id(),
        c.title(),
        c.section(),
        c.component(),
        instance,
        status,
        evidence,
        location,
        c.scored(),
        c.remediation(),
        defaultUsed,
        c.severity(),
        c.stride());
  }

  /** Evaluates conditions on one instance. */
  private record Judge(Instance instance, KubeVersion version, Defaults defaults) {
    Component component() {
      return instance.component();
    }

    Outcome eval(Criterion c) {
      if (c instanceof Criterion.All all) {
        return combine(all.parts(), true);
      }
      if (c instanceof Criterion.Any any) {
        return combine(any.parts(), false);
      }
      Criterion.Condition cond = (Criterion.Condition) c;
      return switch (cond.subject()) {
        case FLAG -> flag(cond);
        case SETTING -> admission(cond);
        case GATE -> gate(cond);
        case FILE ->
            new Outcome(
                Truth.UNKNOWN,
                cond.name() + ": file permissions are not read yet",
                Optional.empty(),
                false);
      };
    }

    Outcome combine(List<Criterion> parts, boolean all) {
      List<Outcome> outs = parts.stream().map(this::eval).toList();
      Truth decisive = all ? Truth.FALSE : Truth.TRUE;
      Truth truth;
      if (outs.stream().anyMatch(o -> o.truth() == decisive)) {
        truth = decisive;
      } else if (outs.stream().anyMatch(o -> o.truth() == Truth.UNKNOWN)) {
        truth = Truth.UNKNOWN;
      } else {
        truth = all ? Truth.TRUE : Truth.FALSE;
      }
      String evidence =
          outs.stream().map(Outcome::evidence).distinct().collect(Collectors.joining("; "));
      Optional<Location> at =
          outs.stream()
              .filter(o -> truth == Truth.TRUE || o.truth() != Truth.TRUE)
              .map(Outcome::location)
              .flatMap(Optional::stream)
              .findFirst();
      return new Outcome(truth, evidence, at, outs.stream().anyMatch(Outcome::defaultUsed));
    }

    /** The written value: the last occurrence, or every occurrence joined for a list flag. */
    Optional<Setting> written(String flag) {
      List<Setting> all =
          instance.settings().flags().stream().filter(s -> s.name().equals(flag)).toList();
      if (all.isEmpty()) {
        return Optional.empty();
      }
      if (defaults.isList(component(), flag) && all.size() > 1) {
        String joined = all.stream().map(Setting::value).collect(Collectors.joining(","));
        return Optional.of(new Setting(flag, joined, all.get(all.size() - 1).location()));
      }
      return Optional.of(all.get(all.size() - 1));
    }

    Outcome flag(Criterion.Condition c) {
      String flag = c.name();
      Optional<Setting> w = written(flag);
      if (c.op() == Op.PRESENT || c.op() == Op.ABSENT) {
        boolean set = w.isPresent();
        String evidence = set ? "--" + flag + "=" + w.get().value() : "--" + flag + " not set";
        return new Outcome(
            truth(set == (c.op() == Op.PRESENT)), evidence, w.flatMap(Setting::location), false);
      }
      String value;
      String shown;
      boolean defaultUsed = false;
      Optional<Location> at = w.flatMap(Setting::location);
      if (w.isPresent()) {
        value = w.get().value();
        shown = "--" + flag + "=" + value;
      } else {
        Optional<Defaults.Value> d = defaults.flag(component(), flag, version);
        if (d.isPresent()
            && d.get().unless().isPresent()
            && written(d.get().unless().get()).isPresent()) {
          return new Outcome(
              Truth.UNKNOWN,
              "--"
                  + flag
                  + " not set; --"
                  + d.get().unless().get()
                  + " decides instead, and that file is not read yet",
              written(d.get().unless().get()).flatMap(Setting::location),
              false);
        }
        if (d.isEmpty()) {
          return new Outcome(
              Truth.FALSE,
              "--"
                  + flag
                  + " not set"
                  + (c.op() == Op.SUBSET ? "; the Go runtime's default suites apply" : ""),
              Optional.empty(),
              false);
        }
        value = d.get().value();
        defaultUsed = true;
        shown =
            "--"
                + flag
                + " not set; default "
                + (value.isEmpty() ? "(empty)" : value)
                + " applies (Kubernetes "
                + version
                + ")";
      }
      if (defaults.isBoolean(component(), flag)) {
        Optional<Boolean> b = parseBool(value);
        if (b.isEmpty()) {
          return new Outcome(
              Truth.FALSE,
              shown + ": not a boolean, " + component().binary() + " refuses to start",
              at,
              defaultUsed);
        }
        value = b.get().toString();
      }
      return new Outcome(compare(c.op(), value, c.value()), shown, at, defaultUsed);
    }

    Outcome admission(Criterion.Condition c) {
      String plugin = c.value();
      Optional<Setting> legacy = written("admission-control");
      boolean enabled;
      String evidence;
      Optional<Location> at;
      boolean defaultUsed = false;
      if (legacy.isPresent()) {
        enabled = list(legacy.get().value()).contains(plugin);
        evidence =
            plugin
                + (enabled ? " enabled" : " not enabled")
                + " by the legacy --admission-control="
                + legacy.get().value()
                + ", which replaces the default set";
        at = legacy.get().location();
      } else {
        Optional<Setting> enable = written("enable-admission-plugins");
        Optional<Setting> disable = written("disable-admission-plugins");
        Set<String> on = enable.map(s -> list(s.value())).orElse(Set.of());
        Set<String> off = disable.map(s -> list(s.value())).orElse(Set.of());
        String conflict =
            on.contains(plugin) && off.contains(plugin)
                ? "; it is in both --enable-admission-plugins and --disable-admission-plugins,"
                    + " which kube-apiserver refuses"
                : "";
        // as kube-apiserver computes it: the default-on set minus the disabled, plus the enabled
        if (on.contains(plugin)) {
          enabled = true;
          evidence = plugin + " enabled by --enable-admission-plugins=" + enable.get().value();
          at = enable.get().location();
        } else if (off.contains(plugin)) {
          enabled = false;
          evidence = plugin + " disabled by --disable-admission-plugins=" + disable.get().value();
          at = disable.get().location();
        } else {
          Optional<Set<String>> defaultOn = defaults.admissionPluginsOn(version);
          if (defaultOn.isEmpty()) {
            return new Outcome(
                Truth.UNKNOWN,
                plugin
                    + " not named in --enable-admission-plugins or --disable-admission-plugins,"
                    + " and parapet does not know the default plugins of Kubernetes "
                    + version,
                enable.or(() -> disable).flatMap(Setting::location),
                false);
          }
          enabled = defaultOn.get().contains(plugin);
          defaultUsed = true;
          evidence =
              plugin
                  + (enabled ? " on by default" : " off by default")
                  + " (Kubernetes "
                  + version
                  + ") and not named in "
                  + (enabled ? "--disable-admission-plugins" : "--enable-admission-plugins");
          at = (enabled ? disable : enable).flatMap(Setting::location);
        }
        evidence += conflict;
      }
      boolean want = c.op() == Op.HAS;
      return new Outcome(truth(enabled == want), evidence, at, defaultUsed);
    }

    Outcome gate(Criterion.Condition c) {
      // every --feature-gates occurrence merges into the gate map; a later key wins
      Map<String, String> gates = new TreeMap<>();
      Optional<Location> at = Optional.empty();
      for (Setting s : instance.settings().flags()) {
        if (s.name().equals("feature-gates")) {
          for (String pair : s.value().split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(c.name())) {
              gates.put(c.name(), pair.substring(eq + 1).trim());
              at = s.location();
            }
          }
        }
      }
      String value;
      String shown;
      boolean defaultUsed = false;
      if (gates.containsKey(c.name())) {
        value = gates.get(c.name());
        shown = "--feature-gates " + c.name() + "=" + value;
        Optional<Boolean> b = parseBool(value);
        if (b.isEmpty()) {
          return new Outcome(
              Truth.FALSE,
              shown + ": not a boolean, " + component().binary() + " refuses to start",
              at,
              false);
        }
        value = b.get().toString();
      } else {
        Optional<Defaults.Value> d = defaults.gate(component(), c.name(), version);
        if (d.isEmpty()) {
          return new Outcome(
              Truth.UNKNOWN,
              "feature gate "
                  + c.name()
                  + " not set, and its default in Kubernetes "
                  + version
                  + " is not known to parapet",
              Optional.empty(),
              false);
        }
        value = d.get().value();
        defaultUsed = true;
        shown =
            "feature gate "
                + c.name()
                + " not set; default "
                + value
                + " applies (Kubernetes "
                + version
                + ")";
      }
      return new Outcome(compare(c.op(), value, c.value()), shown, at, defaultUsed);
    }
  }

  private static Truth truth(boolean b) {
    return b ? Truth.TRUE : Truth.FALSE;
  }

  /** The elements of a comma-separated flag value, trimmed, empty ones dropped. */
  static Set<String> list(String value) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : value.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /** strconv.ParseBool, which both Go's flag package and pflag use for boolean flags. */
  static Optional<Boolean> parseBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
      case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  private static Truth compare(Op op, String actual, String expected) {
    return switch (op) {
      case EQ -> truth(actual.equals(expected));
      case NOTEQ -> truth(!actual.equals(expected));
      case HAS -> truth(list(actual).contains(expected));
      case NOTHAS -> truth(!list(actual).contains(expected));
      case SUBSET -> {
        Set<String> got = list(actual);
        yield truth(!got.isEmpty() && list(expected).containsAll(got));
      }
      case GTE, LTE -> {
        long want = Long.parseLong(expected);
        try {
          long got = Long.parseLong(actual.trim());
          yield truth(op == Op.GTE ? got >= want : got <= want);
        } catch (NumberFormatException e) {
          yield Truth.FALSE;
        }
      }
      case REGEX -> truth(Pattern.compile(expected).matcher(actual).matches());
      case PRESENT, ABSENT, MODE_AT_MOST, OWNER ->
          throw new IllegalStateException("op " + op.yaml() + " is not a value comparison");
    };
  }
}
