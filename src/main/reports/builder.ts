import type { BuiltSection, ReportDocument, SectionInfo } from '#shared/rpc/domains/reports';
import { RpcError } from '#shared/rpc/errors';
import type { ReportContext } from './context';
import type { SectionProvider } from './section';
import { sectionProviders } from './sections';

export function findProvider(id: string): SectionProvider | undefined {
  return sectionProviders.find((p) => p.id === id);
}

/** The registry with availability for this project, for the builder's section list. */
export async function listSections(ctx: ReportContext): Promise<SectionInfo[]> {
  return Promise.all(
    sectionProviders.map(async (p) => {
      let availability: { available: boolean; reason?: string };
      try {
        availability = await p.isAvailable(ctx);
      } catch (error) {
        availability = { available: false, reason: `could not read its data: ${error instanceof Error ? error.message : String(error)}` };
      }
      return {
        id: p.id,
        title: p.title,
        description: p.description,
        frontMatter: Boolean(p.frontMatter),
        available: availability.available,
        ...(availability.reason ? { reason: availability.reason } : {}),
        defaultOn: p.defaultOn,
      };
    }),
  );
}

/**
 * Builds the report: each requested section in the requested order. A section with nothing to
 * report, or whose provider fails, is skipped and listed with the reason: one area's trouble never
 * stops the report.
 */
export async function buildReport(ctx: ReportContext, onProgress?: (fraction: number, message: string) => void, signal?: AbortSignal): Promise<ReportDocument> {
  const sections: BuiltSection[] = [];
  const skipped: ReportDocument['skipped'] = [];
  const seen = new Set<string>();
  let number = 0;
  const ids = ctx.spec.sections;
  for (const [i, id] of ids.entries()) {
    if (signal?.aborted) throw new RpcError('CANCELLED', 'PDF export cancelled; no file was written');
    onProgress?.(i / ids.length, `Building ${id}`);
    if (seen.has(id)) continue;
    seen.add(id);
    const provider = findProvider(id);
    if (!provider) {
      skipped.push({ id, reason: `unknown section '${id}'` });
      continue;
    }
    try {
      const availability = await provider.isAvailable(ctx);
      if (!availability.available) {
        skipped.push({ id, reason: availability.reason ?? 'nothing to report' });
        continue;
      }
      const blocks = await provider.build(ctx);
      if (blocks.length === 0) {
        skipped.push({ id, reason: 'nothing to report' });
        continue;
      }
      sections.push({ id, title: provider.title, ...(provider.frontMatter ? {} : { number: String(++number) }), blocks });
    } catch (error) {
      if (error instanceof RpcError && error.code === 'CANCELLED') throw error;
      skipped.push({ id, reason: `failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  onProgress?.(1, 'Built');
  return {
    title: ctx.spec.title,
    projectName: ctx.meta.name,
    stationName: ctx.meta.stationName,
    client: ctx.meta.client,
    generatedAt: ctx.now,
    sections,
    skipped,
  };
}

/** The section ids a new report starts with. */
export function defaultSectionIds(): string[] {
  return sectionProviders.filter((p) => p.defaultOn).map((p) => p.id);
}
