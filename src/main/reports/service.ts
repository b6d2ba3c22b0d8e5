import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { reportSpec, type ReportDocument, type ReportSpec, type SectionInfo } from '#shared/rpc/domains/reports';
import { RpcError } from '#shared/rpc/errors';
import { writeFileAtomic } from '../store/atomicWrite';
import type { IStore } from '../store/types';
import { buildReport, defaultSectionIds, listSections } from './builder';
import { createReportContext, type ContractCaller } from './context';
import { renderPdf } from './pdf';
import { TemplateRepository } from './templates';

export type Progress = (phase: 'build' | 'render' | 'write' | 'done', fraction: number, message: string) => void;

/** The report engine: used by the contract handlers, the CLI and tests alike. */
export class ReportService {
  readonly templates: TemplateRepository;

  constructor(
    private readonly store: () => IStore,
    private readonly resourcesDir: string,
    private readonly call?: ContractCaller,
  ) {
    this.templates = new TemplateRepository(store);
  }

  defaultSpec(): ReportSpec {
    return reportSpec.parse({ sections: defaultSectionIds() });
  }

  async resolveSpec(input: { templateId?: string | undefined; templateName?: string | undefined; spec?: ReportSpec | undefined }): Promise<ReportSpec> {
    if (input.templateId) {
      const t = await this.templates.get(input.templateId);
      if (!t) throw new RpcError('NOT_FOUND', `No report template with id '${input.templateId}'`);
      return t.spec;
    }
    if (input.templateName) {
      const t = await this.templates.findByName(input.templateName);
      if (!t) {
        const names = (await this.templates.list()).map((x) => x.name);
        throw new RpcError('NOT_FOUND', `No report template named '${input.templateName}'${names.length ? ` (templates: ${names.join(', ')})` : ' (this project has no templates)'}`);
      }
      return t.spec;
    }
    return input.spec ?? this.defaultSpec();
  }

  async sections(): Promise<SectionInfo[]> {
    return listSections(await createReportContext(this.store(), this.resourcesDir, this.defaultSpec(), this.call));
  }

  async build(spec: ReportSpec, onProgress?: Progress, now = Date.now(), signal?: AbortSignal): Promise<ReportDocument> {
    const ctx = await createReportContext(this.store(), this.resourcesDir, spec, this.call, now);
    return buildReport(ctx, (f, m) => onProgress?.('build', f, m), signal);
  }

  /**
   * Builds and renders the report, then writes the PDF atomically (temp file + rename, so a
   * half-written PDF never appears). `signal` cancels between sections, blocks and table pages;
   * a cancelled export rejects with RpcError CANCELLED and writes nothing.
   */
  async exportPdf(
    spec: ReportSpec,
    file: string,
    onProgress?: Progress,
    signal?: AbortSignal,
  ): Promise<{ path: string; pages: number; bytes: number; durationMs: number; skipped: ReportDocument['skipped']; fonts: 'dejavu' | 'standard'; warnings: string[] }> {
    const started = Date.now();
    const target = path.resolve(file);
    if (!/\.pdf$/i.test(target)) throw new RpcError('VALIDATION', `path: ${target} must end in .pdf`);
    const stop = () => {
      if (signal?.aborted) throw new RpcError('CANCELLED', 'PDF export cancelled; no file was written');
    };
    stop();
    try {
      mkdirSync(path.dirname(target), { recursive: true });
    } catch (error) {
      throw new RpcError('UNAVAILABLE', `Cannot create the folder for ${target}: ${(error as Error).message}`);
    }
    const doc = await this.build(spec, onProgress, Date.now(), signal);
    stop();
    const pdf = await renderPdf(doc, { onProgress: (f, m) => onProgress?.('render', f, m), resourcesDir: this.resourcesDir, ...(signal ? { signal } : {}) });
    stop();
    onProgress?.('write', 0, `Writing ${target}`);
    try {
      writeFileAtomic(target, pdf.bytes);
    } catch (error) {
      throw new RpcError('UNAVAILABLE', `Cannot write ${target}: ${(error as Error).message}`);
    }
    onProgress?.('done', 1, `Wrote ${target}`);
    return { path: target, pages: pdf.pages, bytes: statSync(target).size, durationMs: Date.now() - started, skipped: doc.skipped, fonts: pdf.fonts, warnings: pdf.warnings };
  }
}
