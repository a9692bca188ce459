/** The path and method of a Nest route as declared (`/v1/grid-nodes/:id`), from its controller's and handler's metadata. */
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';

function pathsOf(value: unknown): string[] {
  if (value === undefined) return [''];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function join(...parts: string[]): string {
  const path = parts.map((part) => part.replace(/^\/+|\/+$/g, '')).filter((part) => part !== '').join('/');
  return `/${path}`;
}

/** Every path a handler answers on (a controller or a handler may declare several). */
export function routePaths(controller: object, handler: object): string[] {
  return pathsOf(Reflect.getMetadata(PATH_METADATA, controller)).flatMap((base) => pathsOf(Reflect.getMetadata(PATH_METADATA, handler)).map((path) => join(base, path)));
}

export function routeOf(controller: object, handler: object): string {
  return routePaths(controller, handler)[0];
}

/** The HTTP method of a handler, or undefined for a method that is not a route. */
export function routeMethod(handler: object): string | undefined {
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  return method === undefined ? undefined : RequestMethod[method];
}
