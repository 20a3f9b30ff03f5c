/** Prints a usage problem and where to read more; a usage error always exits 2. */
export function usageError(command: string, message: string): number {
  console.error(`error: ${message}`);
  console.error(`Run "npm run admin -- ${command ? `${command} ` : ''}--help" for usage.`);
  return 2;
}
