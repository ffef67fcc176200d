package io.tickcast.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code target/tickcast.jar} in a child JVM, as a user would, with its output in a log file. */
public final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ChildProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static Path jar() {
    String jar = System.getProperty("tickcast.jar", "target/tickcast.jar");
    Path p = Path.of(jar);
    if (!Files.exists(p)) {
      throw new IllegalStateException(p + " does not exist: run the integration tests with mvn verify (after package)");
    }
    return p;
  }

  public static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  public static ChildProcess start(String name, List<String> args) throws IOException {
    return start(name, args, java.util.Map.of());
  }

  /** As {@link #start(String, List)}, with these variables added to the child's environment. */
  public static ChildProcess start(String name, List<String> args, java.util.Map<String, String> env) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("-Xmx512m");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(args);
    Path log = Path.of("target", "child-" + name + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    return new ChildProcess(p, log);
  }

  public Process process() {
    return process;
  }

  public String output() throws IOException {
    return Files.readString(log);
  }

  /** SIGKILL: no shutdown hook, no clean close, no final commit. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("child process did not end within " + seconds + " s; log in " + log);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
