/** Small file checks of the command line (Node only). */

/** Whether a file or folder exists. */
export async function exists(path: string): Promise<boolean> {
  const fs = await import('node:fs/promises');
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}
