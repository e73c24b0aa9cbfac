import { describe, expect, it } from 'vitest';
import { parseNvidiaSmiXml } from './xml.js';
import { readXml, textAt } from './xml-reader.js';

describe('readXml', () => {
  it('reads nested elements, attributes, entities and self-closing tags', () => {
    const root = readXml(
      '<?xml version="1.0" ?>\n<!DOCTYPE a SYSTEM "x.dtd">\n<!-- c --><a><b id="1">x &amp; y</b><c/><d>&#65;</d></a>',
    );
    expect(textAt(root, 'a/b')).toBe('x & y');
    expect(root.children[0]?.children[0]?.attributes).toEqual({ id: '1' });
    expect(textAt(root, 'a/c')).toBe('');
    expect(textAt(root, 'a/d')).toBe('A');
    expect(textAt(root, 'a/missing')).toBeNull();
  });

  it('tolerates truncated and unbalanced documents', () => {
    expect(textAt(readXml('<a><b>1</b></x><c>2'), 'a/c')).toBe('2');
    expect(textAt(readXml('<a><b>1</a>'), 'a/b')).toBe('1');
  });

  it('parseNvidiaSmiXml refuses text that is not nvidia-smi -q -x output', () => {
    expect(() => parseNvidiaSmiXml('NVIDIA-SMI has failed')).toThrow('no <nvidia_smi_log>');
    expect(parseNvidiaSmiXml('<nvidia_smi_log><attached_gpus>0</attached_gpus></nvidia_smi_log>')).toEqual(
      [],
    );
  });
});
