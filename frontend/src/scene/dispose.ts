// Frees what a subtree holds on the GPU: geometries, materials and their textures (three.js
// manual "How to dispose of objects"). Shared resources listed in `keep` survive.
import { Material, Object3D, Texture, type BufferGeometry, type Mesh } from "three";

export function disposeTree(root: Object3D, keep: ReadonlySet<object> = new Set()): void {
  const geometries = new Set<BufferGeometry>();
  const materials = new Set<Material>();
  root.traverse((o) => {
    const m = o as Mesh;
    if (m.geometry) geometries.add(m.geometry);
    const mat = m.material;
    if (Array.isArray(mat)) mat.forEach((x) => materials.add(x));
    else if (mat) materials.add(mat);
    // InstancedMesh (its instance buffers), lights (their shadow maps).
    const d = (o as { dispose?: unknown }).dispose;
    if (typeof d === "function") d.call(o);
  });
  for (const g of geometries) if (!keep.has(g)) g.dispose();
  for (const m of materials) {
    if (keep.has(m)) continue;
    for (const value of Object.values(m)) {
      if (value instanceof Texture && !keep.has(value)) value.dispose();
    }
    m.dispose();
  }
  root.removeFromParent();
}
