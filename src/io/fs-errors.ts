/** What went wrong with a file, in words a person can act on: "the disk is full", not ENOSPC. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'ESHORT':
      return 'the disk is full';
    case 'EFBIG':
      return 'the disk is full for this process: a file size limit (ulimit -f) was reached';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOENT':
      return 'no such file or folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EISDIR':
      return 'a folder is in the way';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EOWNER':
      return "its owner and group could not be kept (run as the file's owner)";
    case 'EIO':
      return 'an input/output error';
    default:
      return code ?? (error as Error).message;
  }
}
