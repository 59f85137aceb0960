import { Button, Group, Modal, Slider, Stack, Text } from '@mantine/core';
import { IconZoomIn, IconZoomOut } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../ui/form-kit';
import classes from './users.module.css';

/** The square on screen and the photo sent: the server stores what the user framed. */
const VIEW = 280;
const OUT = 512;
const MAX_ZOOM = 4;

type Offset = { x: number; y: number };

/** Where the image lies in a square of side `side`: scaled to cover it, zoomed, moved by `offset`. */
function geometry(img: HTMLImageElement, side: number, zoom: number, offset: Offset) {
  const scale = Math.max(side / img.naturalWidth, side / img.naturalHeight) * zoom;
  const w = img.naturalWidth * scale;
  const h = img.naturalHeight * scale;
  return { x: side / 2 + offset.x - w / 2, y: side / 2 + offset.y - h / 2, w, h };
}

/** The image always covers the square: it cannot be moved past its edges. */
function clamp(img: HTMLImageElement, zoom: number, offset: Offset): Offset {
  const { w, h } = geometry(img, VIEW, zoom, { x: 0, y: 0 });
  const mx = Math.max(0, (w - VIEW) / 2);
  const my = Math.max(0, (h - VIEW) / 2);
  return { x: Math.min(mx, Math.max(-mx, offset.x)), y: Math.min(my, Math.max(-my, offset.y)) };
}

function draw(canvas: HTMLCanvasElement, img: HTMLImageElement, side: number, zoom: number, offset: Offset, scaleOffset = 1) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const g = geometry(img, side, zoom, { x: offset.x * scaleOffset, y: offset.y * scaleOffset });
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(img, g.x, g.y, g.w, g.h);
}

/**
 * «Фото профиля»: the chosen picture in a square; drag it (or the arrow keys) to frame the face,
 * the slider zooms. «Сохранить» sends the square as a 512×512 JPEG.
 */
export function PhotoCropDialog({ file, saving, error, onSave, onClose }: { file: File | null; saving: boolean; error: string | null; onSave: (photo: File) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [img, setImg] = useState<HTMLImageElement | null>(null);
  const [unreadable, setUnreadable] = useState(false);
  const [zoom, setZoom] = useState(1);
  const [offset, setOffset] = useState<Offset>({ x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number; start: Offset } | null>(null);

  useEffect(() => {
    setImg(null);
    setUnreadable(false);
    setZoom(1);
    setOffset({ x: 0, y: 0 });
    if (!file) return;
    const url = URL.createObjectURL(file);
    const image = new Image();
    image.onload = () => setImg(image);
    image.onerror = () => setUnreadable(true);
    image.src = url;
    return () => URL.revokeObjectURL(url);
  }, [file]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !img) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = VIEW * dpr;
    canvas.height = VIEW * dpr;
    draw(canvas, img, VIEW * dpr, zoom, offset, dpr);
  }, [img, zoom, offset]);

  const move = useCallback((next: Offset) => img && setOffset(clamp(img, zoom, next)), [img, zoom]);
  const changeZoom = (z: number) => {
    setZoom(z);
    if (img) setOffset((o) => clamp(img, z, o));
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, start: offset };
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (d) move({ x: d.start.x + e.clientX - d.x, y: d.start.y + e.clientY - d.y });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const step = e.shiftKey ? 40 : 10;
    const by: Record<string, Offset> = { ArrowLeft: { x: step, y: 0 }, ArrowRight: { x: -step, y: 0 }, ArrowUp: { x: 0, y: step }, ArrowDown: { x: 0, y: -step } };
    const d = by[e.key];
    if (!d) return;
    e.preventDefault();
    move({ x: offset.x + d.x, y: offset.y + d.y });
  };

  const save = () => {
    if (!img) return;
    const out = document.createElement('canvas');
    out.width = OUT;
    out.height = OUT;
    draw(out, img, OUT, zoom, offset, OUT / VIEW);
    out.toBlob((blob) => blob && onSave(new File([blob], 'photo.jpg', { type: 'image/jpeg' })), 'image/jpeg', 0.9);
  };

  return (
    <Modal opened={file !== null} onClose={onClose} title={t('profile.photo.title')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="md">
        <FormError message={unreadable ? t('profile.photo.unreadable') : error} />
        {!unreadable ? (
          <>
            <Text size="sm" c="dimmed">
              {t('profile.photo.hint')}
            </Text>
            <div className={classes.cropFrame} style={{ width: VIEW, height: VIEW }}>
              <canvas
                ref={canvasRef}
                className={classes.cropCanvas}
                style={{ width: VIEW, height: VIEW }}
                tabIndex={0}
                role="img"
                aria-label={t('profile.photo.frame')}
                onPointerDown={onPointerDown}
                onPointerMove={onPointerMove}
                onPointerUp={() => (drag.current = null)}
                onPointerCancel={() => (drag.current = null)}
                onKeyDown={onKeyDown}
                onWheel={(e) => changeZoom(Math.min(MAX_ZOOM, Math.max(1, zoom - e.deltaY / 500)))}
              />
              <div className={classes.cropMask} aria-hidden="true" />
            </div>
            <Group gap="xs" wrap="nowrap">
              <IconZoomOut size={18} color="var(--mantine-color-gray-6)" />
              <Slider value={zoom} onChange={changeZoom} min={1} max={MAX_ZOOM} step={0.01} label={null} style={{ flex: 1 }} thumbLabel={t('profile.photo.zoom')} disabled={!img} />
              <IconZoomIn size={18} color="var(--mantine-color-gray-6)" />
            </Group>
          </>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={saving}>
            {t('common.cancel')}
          </Button>
          <Button onClick={save} loading={saving} disabled={!img}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
