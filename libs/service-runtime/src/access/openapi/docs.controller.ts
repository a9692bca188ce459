/**
 * /docs/openapi.json: the service's OpenAPI document, built from the routes of the running
 * application; /docs: a plain page listing the operations and who may call them (no Swagger UI: it
 * would need assets this page does not ship).
 */
import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { JsonSchema } from '@trottoir/contracts';

import { SERVICE_NAME } from '../../tokens';
import { Public } from '../access.decorators';
import { routesOf } from '../route-table';
import { buildOpenApi } from './openapi';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

@Controller('docs')
@Public()
export class DocsController {
  private document: JsonSchema | undefined;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
  ) {}

  @Get('openapi.json')
  openApi(): JsonSchema {
    this.document ??= buildOpenApi(this.service, routesOf(this.discovery.getControllers().map((wrapper) => wrapper.metatype as Type<unknown>).filter(Boolean)));
    return this.document;
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    const paths = this.openApi().paths as Record<string, Record<string, { summary?: string; 'x-roles'?: string[] }>>;
    const rows = Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => `<tr><td>${method.toUpperCase()}</td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(operation.summary ?? '')}</td><td>${escapeHtml(operation['x-roles']?.join(', ') ?? 'open')}</td></tr>`),
    );
    return `<!doctype html><html><head><meta charset="utf-8"><title>Trottoir ${escapeHtml(this.service)} API</title></head><body><h1>Trottoir ${escapeHtml(this.service)} API</h1><p>OpenAPI document: <a href="docs/openapi.json">/docs/openapi.json</a>. Send <code>Authorization: Bearer &lt;token&gt;</code>.</p><table border="1" cellpadding="4"><tr><th>method</th><th>path</th><th>what</th><th>roles</th></tr>${rows.join('')}</table></body></html>`;
  }
}
