/**
 * Grid node kinds: which kind hangs below which (primary → MV feeder → MV/LV substation → LV feeder),
 * and their names in messages. The tree itself is the kernel's GridTree.
 */
import { GridNodeKind } from '@trottoir/contracts';

/** The kind a node's parent must have; undefined for a root (primary substation). */
export function parentKindOf(kind: GridNodeKind): GridNodeKind | undefined {
  switch (kind) {
    case GridNodeKind.MV_FEEDER:
      return GridNodeKind.PRIMARY_SUBSTATION;
    case GridNodeKind.SECONDARY_SUBSTATION:
      return GridNodeKind.MV_FEEDER;
    case GridNodeKind.LV_FEEDER:
      return GridNodeKind.SECONDARY_SUBSTATION;
    default:
      return undefined;
  }
}

/** A short, readable name of a node kind for messages ("LV feeder"). */
export function gridNodeKindLabel(kind: GridNodeKind): string {
  switch (kind) {
    case GridNodeKind.PRIMARY_SUBSTATION:
      return 'primary substation';
    case GridNodeKind.MV_FEEDER:
      return 'MV feeder';
    case GridNodeKind.SECONDARY_SUBSTATION:
      return 'MV/LV substation';
    case GridNodeKind.LV_FEEDER:
      return 'LV feeder';
    default:
      return 'unspecified kind';
  }
}
