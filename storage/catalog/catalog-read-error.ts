import { AssetflowError } from '../../errors/assetflow-error';

/**
 * A catalog file that exists but cannot be read (a permission, a directory in its place, an I/O
 * error). Never read as "no materializations": that would make every asset look never
 * materialized, and sensors and partition status act on it.
 */
export class CatalogReadError extends AssetflowError {
  constructor(
    /** The asset whose records could not be read. */
    readonly assetKey: string,
    /** The catalog file. */
    readonly file: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    // Duck-typed: a Node error may come from another realm (jest's), where instanceof Error fails.
    const message = (cause as { message?: unknown } | undefined)?.message;
    const reason = typeof message === 'string' ? message : String(cause);
    super(
      `cannot read the catalog of asset '${assetKey}' at ${file} (${reason}): ` +
        (code === 'EACCES' || code === 'EPERM'
          ? 'give the worker read access to it'
          : code === 'EISDIR'
            ? 'something else is in its place (a directory): move it away'
            : 'check the file and the disk') +
        '; its materializations are recorded there, so assetflow will not treat them as missing',
      { code: 'CATALOG_UNREADABLE', retryable: true, cause },
    );
    this.name = 'CatalogReadError';
  }
}
