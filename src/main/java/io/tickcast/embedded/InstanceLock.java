package io.tickcast.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory, so a second demo on the same directory fails with a clear
 * message instead of a port clash or a corrupted broker log. Released with the process, also when it
 * is killed.
 */
public final class InstanceLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private InstanceLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or fails naming the directory and the process that holds it. */
  public static InstanceLock acquire(Path dir, String what) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(".lock");
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    FileLock l = ch.tryLock();
    if (l == null) {
      String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
      ch.close();
      throw new AlreadyRunningException("another " + what + " is already running with data directory " + dir
          + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; stop it first, or use another data directory");
    }
    ch.truncate(0);
    ch.write(java.nio.ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
    ch.force(true);
    return new InstanceLock(ch, l);
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }

  /** Another process holds the lock. */
  public static final class AlreadyRunningException extends IllegalStateException {
    public AlreadyRunningException(String message) {
      super(message);
    }
  }
}
