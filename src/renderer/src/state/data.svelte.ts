/**
 * The Data view's state, owned by AppState so it outlives the view: the importer (an import started
 * there is still shown after switching views), its latest progress line, and one explorer per
 * dataset (coming back shows the same page without asking the host again).
 */
import type { StudioClient } from '../../../shared/api'
import { DataExplorer } from './dataExplorer.svelte'
import { DatasetImport, type ImportDeps } from './datasetImport.svelte'

export class DataState {
  readonly importer: DatasetImport
  /** The latest import progress line, with the import it belongs to. */
  importProgress = $state.raw<{ importId?: string; text: string } | null>(null)
  private readonly explorers = new Map<string, DataExplorer>()

  constructor(
    private readonly client: StudioClient,
    importDeps: Omit<ImportDeps, 'client'>
  ) {
    this.importer = new DatasetImport({ client, ...importDeps })
  }

  explorerOf(datasetId: string): DataExplorer {
    let explorer = this.explorers.get(datasetId)
    if (!explorer) this.explorers.set(datasetId, (explorer = new DataExplorer(this.client, datasetId)))
    return explorer
  }
}
