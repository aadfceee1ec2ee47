// TypeDoc types and declarations → signature text as parts (runs in the TypeDoc child). Links are
// reflection ids; the page builder turns them into routes. Depth-bounded: huge inferred types
// are cut with `…` instead of growing without limit.

import {
  ReflectionKind,
  type DeclarationReflection,
  type ParameterReflection,
  type SignatureReflection,
  type SomeType,
  type TypeParameterReflection,
} from 'typedoc';
import type { TsPart } from './model.ts';

const MAX_DEPTH = 6;
const MAX_MEMBERS = 40;

export class PartWriter {
  readonly parts: TsPart[] = [];

  text(text: string): this {
    if (text === '') return this;
    const last = this.parts[this.parts.length - 1];
    if (last && last.target === undefined) last.text += text;
    else this.parts.push({ text });
    return this;
  }

  link(text: string, target: number | undefined): this {
    if (target === undefined) return this.text(text);
    this.parts.push({ text, target });
    return this;
  }
}

type Ctx = 'top' | 'array' | 'union' | 'operator';

function needsParens(t: SomeType, ctx: Ctx): boolean {
  if (ctx === 'top') return false;
  if (t.type === 'conditional') return true;
  if (t.type === 'reflection' && isFunctionLiteral(t.declaration)) return true;
  if (t.type === 'union' || t.type === 'intersection') return ctx === 'array' || ctx === 'operator' || t.type === 'union';
  return false;
}

function isFunctionLiteral(d: DeclarationReflection): boolean {
  return (d.signatures?.length ?? 0) === 1 && !d.children?.length && !d.indexSignatures?.length;
}

export function writeType(w: PartWriter, t: SomeType | undefined, depth = 0, ctx: Ctx = 'top'): void {
  if (!t) {
    w.text('unknown');
    return;
  }
  if (depth > MAX_DEPTH) {
    w.text('…');
    return;
  }
  const paren = needsParens(t, ctx);
  if (paren) w.text('(');
  const d = depth + 1;
  switch (t.type) {
    case 'intrinsic':
      w.text(t.name);
      break;
    case 'literal':
      w.text(typeof t.value === 'string' ? JSON.stringify(t.value) : typeof t.value === 'bigint' ? `${t.value}n` : String(t.value));
      break;
    case 'reference': {
      const target = t.reflection;
      w.link(t.name, target && !target.kindOf(ReflectionKind.TypeParameter) ? target.id : undefined);
      if (t.typeArguments?.length) {
        w.text('<');
        t.typeArguments.forEach((a, i) => {
          if (i) w.text(', ');
          writeType(w, a, d);
        });
        w.text('>');
      }
      break;
    }
    case 'array':
      writeType(w, t.elementType, d, 'array');
      w.text('[]');
      break;
    case 'union':
    case 'intersection':
      t.types.forEach((m, i) => {
        if (i) w.text(t.type === 'union' ? ' | ' : ' & ');
        writeType(w, m, d, 'union');
      });
      break;
    case 'tuple':
      w.text('[');
      t.elements.forEach((e, i) => {
        if (i) w.text(', ');
        writeType(w, e, d);
      });
      w.text(']');
      break;
    case 'namedTupleMember':
      w.text(`${t.name}${t.isOptional ? '?' : ''}: `);
      writeType(w, t.element, d);
      break;
    case 'optional':
      writeType(w, t.elementType, d, 'array');
      w.text('?');
      break;
    case 'rest':
      w.text('...');
      writeType(w, t.elementType, d, 'array');
      break;
    case 'query':
      w.text('typeof ');
      writeType(w, t.queryType, d);
      break;
    case 'typeOperator':
      w.text(`${t.operator} `);
      writeType(w, t.target, d, 'operator');
      break;
    case 'indexedAccess':
      writeType(w, t.objectType, d, 'array');
      w.text('[');
      writeType(w, t.indexType, d);
      w.text(']');
      break;
    case 'conditional':
      writeType(w, t.checkType, d, 'union');
      w.text(' extends ');
      writeType(w, t.extendsType, d, 'union');
      w.text(' ? ');
      writeType(w, t.trueType, d);
      w.text(' : ');
      writeType(w, t.falseType, d);
      break;
    case 'inferred':
      w.text(`infer ${t.name}`);
      if (t.constraint) {
        w.text(' extends ');
        writeType(w, t.constraint, d);
      }
      break;
    case 'predicate':
      w.text(`${t.asserts ? 'asserts ' : ''}${t.name}`);
      if (t.targetType) {
        w.text(' is ');
        writeType(w, t.targetType, d);
      }
      break;
    case 'templateLiteral':
      w.text('`' + t.head);
      for (const [type, tail] of t.tail) {
        w.text('${');
        writeType(w, type, d);
        w.text('}' + tail);
      }
      w.text('`');
      break;
    case 'mapped':
      w.text(`{ ${t.readonlyModifier === '+' ? 'readonly ' : t.readonlyModifier === '-' ? '-readonly ' : ''}[${t.parameter} in `);
      writeType(w, t.parameterType, d);
      if (t.nameType) {
        w.text(' as ');
        writeType(w, t.nameType, d);
      }
      w.text(`]${t.optionalModifier === '+' ? '?' : t.optionalModifier === '-' ? '-?' : ''}: `);
      writeType(w, t.templateType, d);
      w.text(' }');
      break;
    case 'reflection':
      writeTypeLiteral(w, t.declaration, d);
      break;
    case 'unknown':
      w.text(t.name);
      break;
    default:
      w.text(String(t));
  }
  if (paren) w.text(')');
}

function writeTypeLiteral(w: PartWriter, decl: DeclarationReflection, depth: number): void {
  if (isFunctionLiteral(decl)) {
    writeCallSignature(w, decl.signatures![0]!, depth, ' => ');
    return;
  }
  const members: (() => void)[] = [];
  for (const sig of decl.signatures ?? []) members.push(() => writeCallSignature(w, sig, depth, ': '));
  for (const sig of decl.indexSignatures ?? []) {
    members.push(() => {
      w.text('[');
      writeParameters(w, sig.parameters ?? [], depth, false);
      w.text(']: ');
      writeType(w, sig.type, depth);
    });
  }
  for (const child of decl.children ?? []) {
    members.push(() => writeMember(w, child, depth));
  }
  if (members.length === 0) {
    w.text('{}');
    return;
  }
  w.text('{ ');
  members.slice(0, MAX_MEMBERS).forEach((m, i) => {
    if (i) w.text('; ');
    m();
  });
  if (members.length > MAX_MEMBERS) w.text('; …');
  w.text(' }');
}

/** A property or method inside a type literal. */
function writeMember(w: PartWriter, child: DeclarationReflection, depth: number): void {
  const opt = child.flags.isOptional ? '?' : '';
  if (child.signatures?.length) {
    child.signatures.forEach((sig, i) => {
      if (i) w.text('; ');
      w.text(`${child.name}${opt}`);
      writeCallSignature(w, sig, depth, ': ');
    });
    return;
  }
  w.text(`${child.flags.isReadonly ? 'readonly ' : ''}${child.name}${opt}: `);
  writeType(w, child.type, depth);
}

export function writeTypeParameters(w: PartWriter, tps: TypeParameterReflection[] | undefined, depth = 0): void {
  if (!tps?.length) return;
  w.text('<');
  tps.forEach((tp, i) => {
    if (i) w.text(', ');
    w.text(`${tp.flags.isConst ? 'const ' : ''}${tp.varianceModifier ? tp.varianceModifier + ' ' : ''}${tp.name}`);
    if (tp.type) {
      w.text(' extends ');
      writeType(w, tp.type, depth + 1);
    }
    if (tp.default) {
      w.text(' = ');
      writeType(w, tp.default, depth + 1);
    }
  });
  w.text('>');
}

function writeParameters(w: PartWriter, params: ParameterReflection[], depth: number, defaults = true): void {
  params.forEach((p, i) => {
    if (i) w.text(', ');
    w.text(`${p.flags.isRest ? '...' : ''}${p.name}${p.flags.isOptional ? '?' : ''}: `);
    writeType(w, p.type, depth + 1);
    if (defaults && p.defaultValue && p.defaultValue !== '...') w.text(` = ${p.defaultValue}`);
  });
}

/** `<T>(a: A): R` with `arrow` (': ' or ' => ') between parameters and return type. */
export function writeCallSignature(w: PartWriter, sig: SignatureReflection, depth: number, arrow: string): void {
  writeTypeParameters(w, sig.typeParameters, depth);
  w.text('(');
  writeParameters(w, sig.parameters ?? [], depth);
  w.text(')');
  if (sig.type) {
    w.text(arrow);
    writeType(w, sig.type, depth + 1);
  }
}

function modifiers(refl: DeclarationReflection): string {
  const f = refl.flags;
  return `${f.isPrivate ? 'private ' : ''}${f.isProtected ? 'protected ' : ''}${f.isStatic ? 'static ' : ''}${f.isAbstract ? 'abstract ' : ''}${f.isReadonly ? 'readonly ' : ''}`;
}

function heritage(w: PartWriter, keyword: string, types: SomeType[] | undefined): void {
  if (!types?.length) return;
  w.text(` ${keyword} `);
  types.forEach((t, i) => {
    if (i) w.text(', ');
    writeType(w, t, 1);
  });
}

/** Signature lines of a declaration (one per overload / accessor half). */
export function declarationSignatures(refl: DeclarationReflection): TsPart[][] {
  const lines: TsPart[][] = [];
  const line = (fill: (w: PartWriter) => void): void => {
    const w = new PartWriter();
    fill(w);
    lines.push(w.parts);
  };
  const k = refl.kind;
  if (k === ReflectionKind.Function || k === ReflectionKind.Method || k === ReflectionKind.Constructor) {
    for (const sig of refl.signatures ?? []) {
      line((w) => {
        if (k === ReflectionKind.Function) w.text('function ');
        else w.text(modifiers(refl));
        w.text(k === ReflectionKind.Constructor ? 'new ' + (refl.parent?.name ?? '') : `${refl.name}${refl.flags.isOptional ? '?' : ''}`);
        writeCallSignature(w, sig, 0, ': ');
      });
    }
  } else if (k === ReflectionKind.Accessor) {
    if (refl.getSignature) line((w) => {
      w.text(`${modifiers(refl)}get ${refl.name}(): `);
      writeType(w, refl.getSignature!.type, 1);
    });
    if (refl.setSignature) line((w) => {
      w.text(`${modifiers(refl)}set ${refl.name}(`);
      writeParameters(w, refl.setSignature!.parameters ?? [], 0);
      w.text(')');
    });
  } else if (k === ReflectionKind.Class) {
    line((w) => {
      w.text(`${refl.flags.isAbstract ? 'abstract ' : ''}class ${refl.name}`);
      writeTypeParameters(w, refl.typeParameters);
      heritage(w, 'extends', refl.extendedTypes);
      heritage(w, 'implements', refl.implementedTypes);
    });
  } else if (k === ReflectionKind.Interface) {
    line((w) => {
      w.text(`interface ${refl.name}`);
      writeTypeParameters(w, refl.typeParameters);
      heritage(w, 'extends', refl.extendedTypes);
    });
  } else if (k === ReflectionKind.TypeAlias) {
    line((w) => {
      w.text(`type ${refl.name}`);
      writeTypeParameters(w, refl.typeParameters);
      w.text(' = ');
      writeType(w, refl.type);
    });
  } else if (k === ReflectionKind.Enum) {
    line((w) => w.text(`${refl.flags.isConst ? 'const ' : ''}enum ${refl.name}`));
  } else if (k === ReflectionKind.EnumMember) {
    line((w) => {
      w.text(refl.name);
      if (refl.type) {
        w.text(' = ');
        writeType(w, refl.type);
      }
    });
  } else if (k === ReflectionKind.Variable) {
    line((w) => {
      w.text(`${refl.flags.isConst ? 'const' : 'let'} ${refl.name}: `);
      writeType(w, refl.type);
    });
  } else if (k === ReflectionKind.Property) {
    line((w) => {
      w.text(`${modifiers(refl)}${refl.name}${refl.flags.isOptional ? '?' : ''}: `);
      writeType(w, refl.type);
    });
  } else if (k === ReflectionKind.Namespace) {
    line((w) => w.text(`namespace ${refl.name}`));
  } else if (refl.type) {
    line((w) => {
      w.text(`${refl.name}: `);
      writeType(w, refl.type);
    });
  } else {
    line((w) => w.text(refl.name));
  }
  return lines;
}
