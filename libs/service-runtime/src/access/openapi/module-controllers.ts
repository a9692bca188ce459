/**
 * The controllers of a module tree, found from its `@Module` metadata without building it (no
 * database, no broker): what the OpenAPI script documents, equal to what the running application
 * discovers. Dynamic modules (`register()`) are followed through their `imports` and `controllers`.
 */
import type { DynamicModule, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';

type ModuleLike = Type<unknown> | DynamicModule | Promise<DynamicModule> | { forwardRef: () => ModuleLike };

export async function controllersOfModule(root: ModuleLike): Promise<Type<unknown>[]> {
  const seen = new Set<unknown>();
  const controllers: Type<unknown>[] = [];
  const visit = async (entry: ModuleLike | undefined): Promise<void> => {
    if (!entry) return;
    const resolved = await entry;
    if ('forwardRef' in resolved) return visit(resolved.forwardRef());
    const dynamic = 'module' in resolved ? (resolved as DynamicModule) : undefined;
    const type = (dynamic ? dynamic.module : resolved) as Type<unknown>;
    const identity = dynamic ?? type;
    if (seen.has(identity)) return;
    seen.add(identity);
    const own = (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, type) ?? []) as Type<unknown>[];
    for (const controller of [...own, ...((dynamic?.controllers ?? []) as Type<unknown>[])]) if (!controllers.includes(controller)) controllers.push(controller);
    for (const child of [...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, type) ?? []) as ModuleLike[]), ...((dynamic?.imports ?? []) as ModuleLike[])]) await visit(child);
  };
  await visit(root);
  return controllers;
}
