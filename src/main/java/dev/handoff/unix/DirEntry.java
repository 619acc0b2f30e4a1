package dev.handoff.unix;

/**
 * One directory entry as {@link Unix#readdir} returns it: inode number, type ({@code DT_*}: 4 a
 * directory, 8 a regular file, 10 a symbolic link, 0 unknown) and name.
 */
public record DirEntry(long ino, int type, String name) {}
