package dev.parapet.bench;

/** The outcome of one benchmark entry, as kube-bench names them. */
public enum Status {
  /** The setting is as the benchmark asks. */
  PASS,
  /** An automated (scored) entry whose setting is not as the benchmark asks. */
  FAIL,
  /** A manual entry: not satisfied, or judged by a person, or not decidable from the input. */
  WARN,
  /** Nothing to judge: the component is not in the input. */
  INFO
}
